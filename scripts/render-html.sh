#!/usr/bin/env bash
# Renders the HTML export of the fixture sessions in headless Chromium, saves screenshots
# under docs/screenshots/ and a print-to-PDF beside the export, and fails when the browser
# logs any console message or failed resource load (the export has no scripts and no
# external assets, so a clean page logs nothing).
#
# Needs Chromium (Debian: apt-get install chromium). Not part of CI: the browser is heavy.
# Usage: scripts/render-html.sh [OUTPUT_DIR]     (default: a temporary folder)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
browser="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}"
if [[ -z "$browser" ]]; then
  echo "error: Chromium not found; install it (Debian: sudo apt-get install chromium) or set CHROMIUM=/path/to/chrome" >&2
  exit 2
fi
binary="$root/.build/debug/rehearse"
if [[ ! -x "$binary" ]]; then
  (cd "$root" && swift build --product rehearse)
fi

work="${1:-$(mktemp -d)}"
mkdir -p "$work/home/sessions" "$work/profile"
cp "$root"/Tests/Fixtures/sessions/*.json "$work/home/sessions/"
export REHEARSE_HOME="$work/home" REHEARSE_BANK="$root"
rm -rf "$work/out"
"$binary" export --all --format html -o "$work/out/"
"$binary" export 20261108-183000-men2 --format html -o "$work/session.html" --force

status=0
# Self-contained: no scripts, no external stylesheets, images, fonts or frames.
for page in "$work/session.html" "$work"/out/*.html; do
  if grep -nEi '<(script|link|img|iframe|object|embed|audio|video|source)[ >/]|<[^>]* (src|srcset|on[a-z]+)=|<[^>]* href="(https?:|//|javascript:)' "$page" >&2 ||
    sed -n '/<style>/,/<\/style>/p' "$page" | grep -nEi '@import|url\(' >&2; then
    echo "error: $page is not self-contained (above)" >&2
    status=1
  fi
done
render() { # page screenshot height
  local page="$1" shot="$2" height="$3"
  local log
  log="$work/$(basename "$shot" .png).log"
  "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --user-data-dir="$work/profile" --enable-logging=stderr --v=0 \
    --window-size=1100,"$height" --screenshot="$shot" "file://$page" 2>"$log" >/dev/null || {
    echo "error: Chromium failed on $page; see $log" >&2
    status=1
  }
  # Console messages (from scripts) and failed loads (external assets) must not happen.
  if grep -E 'CONSOLE|Uncaught|Failed to load resource|net::ERR_|Refused to' "$log" >&2; then
    echo "error: $page logged console errors or failed loads (above)" >&2
    status=1
  fi
  [[ -s "$shot" ]] || { echo "error: no screenshot written for $page" >&2; status=1; }
}

render "$work/session.html" "$root/docs/screenshots/export-session.png" 2600
render "$work/out/all.html" "$root/docs/screenshots/export-all.png" 1400
# The hostile fixture: every injection attempt must render as text, with no console output.
render "$work/out/20261115-100000-evil.html" "$work/hostile.png" 1600

"$browser" --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$work/profile" \
  --no-pdf-header-footer --print-to-pdf="$work/session.pdf" "file://$work/session.html" 2>/dev/null >/dev/null || status=1
[[ -s "$work/session.pdf" ]] || { echo "error: print to PDF failed" >&2; status=1; }

if [[ $status -eq 0 ]]; then
  echo "ok: rendered without console errors; screenshots in docs/screenshots/, PDF and logs in $work"
fi
exit $status
