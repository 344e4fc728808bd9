#!/usr/bin/env bash
# Renders the HTML export of the fixture sessions in headless Chromium at a desktop width
# (1200 px) and a phone width (390 px), saves screenshots under docs/screenshots/ and a
# print-to-PDF beside the export, and fails when
#   - a page is not self-contained (scripts, external assets),
#   - the browser logs any console message or failed resource load (a clean page logs nothing),
#   - an SVG text label sticks out of its chart's viewBox or is truncated (ends in an
#     ellipsis, or a criterion label differs from the criterion's full title), or
#   - anything on the page is wider than the window (a row or chart that overflows).
# Labels are measured with getBBox() in a copy of each page with a small script added; the
# export itself stays script-free.
#
# Needs Chromium (Debian: apt-get install chromium). CI runs it after the tests (.ci/run).
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
mkdir -p "$work/home/sessions" "$work/profile" "$work/measure"
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

chrome() {
  "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --user-data-dir="$work/profile" "$@"
}

render() { # page screenshot width height
  local page="$1" shot="$2" width="$3" height="$4"
  local log url="file://$page"
  log="$work/$(basename "$shot" .png).log"
  if ((width < 500)); then
    # Chromium's window is at least 500 px wide: a phone width is an iframe that wide in a
    # 500 px window (the grey strip on the right of the screenshot is outside the "phone").
    url="file://$work/phone-$(basename "$shot" .png).html"
    printf '<!DOCTYPE html><body style="margin:0;background:#9aa6b8"><iframe src="file://%s" style="display:block;border:0;width:%spx;height:%spx"></iframe></body>\n' \
      "$page" "$width" "$height" >"${url#file://}"
  fi
  chrome --enable-logging=stderr --v=0 --window-size="$((width < 500 ? 500 : width)),$height" --screenshot="$shot" "$url" \
    2>"$log" >/dev/null || {
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

# Added to a copy of a page only: measures every SVG label against its chart's viewBox and
# the page against the window, and writes the findings into the DOM for --dump-dom.
measure_script='<script>
addEventListener("load", () => {
  const problems = [];
  let labels = 0, tightest = Infinity, where = "";
  for (const svg of document.querySelectorAll("svg")) {
    const box = svg.viewBox.baseVal;
    const chart = svg.getAttribute("aria-labelledby") || "svg";
    for (const text of svg.querySelectorAll("text")) {
      labels++;
      const b = text.getBBox();
      const label = text.textContent;
      const margin = Math.min(b.x - box.x, box.x + box.width - (b.x + b.width), b.y - box.y, box.y + box.height - (b.y + b.height));
      if (margin < tightest) { tightest = margin; where = chart + " \u201c" + label + "\u201d"; }
      if (margin < 0) problems.push(chart + ": label \u201c" + label + "\u201d is clipped (" + [b.x, b.y, b.x + b.width, b.y + b.height].map(v => v.toFixed(1)).join(", ") + " outside 0, 0, " + box.width + ", " + box.height + ")");
      if (/(\u2026|\.\.\.)$/.test(label)) problems.push(chart + ": label \u201c" + label + "\u201d is truncated");
      // A label in a row group (a criterion) must be the full title its tooltip starts with.
      const tip = text.parentElement.tagName === "g" ? text.parentElement.querySelector(":scope > title") : null;
      if (tip && text.getAttribute("text-anchor") !== "end" && !tip.textContent.startsWith(label + ": ")) problems.push(chart + ": label \u201c" + label + "\u201d is not the full title in \u201c" + tip.textContent + "\u201d");
    }
  }
  const page = document.documentElement;
  if (page.scrollWidth > innerWidth) {
    const sticksOut = (e) => e.getBoundingClientRect().right > innerWidth + 0.5;
    const wide = [...document.querySelectorAll("main *")].filter(e => sticksOut(e) && !sticksOut(e.parentElement));
    const name = (e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (typeof e.className === "string" && e.className ? "." + e.className : "");
    problems.push("the page is " + page.scrollWidth + " px wide in a " + innerWidth + " px window; too wide: " + wide.slice(0, 5).map(name).join(", "));
  }
  const out = document.createElement("pre");
  out.id = "measured";
  out.textContent = JSON.stringify({ labels, tightest: tightest === Infinity ? null : +tightest.toFixed(1), where, problems });
  document.body.append(out);
  if (parent !== window) parent.postMessage(out.textContent, "*");
});
</script>'

measure() { # page width
  local page="$1" width="$2" copy url dom result
  copy="$work/measure/$(basename "$page" .html)-$width.html"
  # The script goes in after </main>, so the exported markup is measured exactly as written.
  awk -v script="$measure_script" '{ print } /<\/main>/ { print script }' "$page" >"$copy"
  url="file://$copy"
  if ((width < 500)); then
    # In an iframe of that width (see render); the page posts its findings to the frame.
    url="file://${copy%.html}-frame.html"
    printf '<!DOCTYPE html><body><iframe src="file://%s" style="border:0;width:%spx;height:900px"></iframe><script>addEventListener("message", (e) => { const out = document.createElement("pre"); out.id = "measured"; out.textContent = e.data; document.body.append(out); });</script></body>\n' \
      "$copy" "$width" >"${url#file://}"
  fi
  dom="$(chrome --window-size="$((width < 500 ? 500 : width)),900" --virtual-time-budget=3000 --dump-dom "$url" 2>/dev/null || true)"
  result="$(printf '%s' "$dom" | sed -n 's:.*<pre id="measured">\(.*\)</pre>.*:\1:p' | tail -1 | sed 's/&quot;/"/g; s/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g')"
  if [[ -z "$result" ]]; then
    echo "error: could not measure $page at $width px (no result in the DOM)" >&2
    status=1
    return
  fi
  python3 - "$result" "$(basename "$page")" "$width" <<'PY' || status=1
import json, sys
r = json.loads(sys.argv[1])
name, width = sys.argv[2], sys.argv[3]
print(f"{name} at {width} px: {r['labels']} SVG labels, tightest margin {r['tightest']} (user units, {r['where']})")
for p in r["problems"]:
    print(f"error: {name} at {width} px: {p}", file=sys.stderr)
sys.exit(1 if r["problems"] else 0)
PY
}

shots="$root/docs/screenshots"
render "$work/session.html" "$shots/export-session.png" 1200 1500
render "$work/session.html" "$shots/export-session-phone.png" 390 2000
render "$work/out/all.html" "$shots/export-all.png" 1200 1000
render "$work/out/all.html" "$shots/export-all-phone.png" 390 1300
# The hostile fixture: every injection attempt must render as text, with no console output.
render "$work/out/20261115-100000-evil.html" "$work/hostile.png" 1200 1600
for page in "$work/session.html" "$work"/out/*.html; do
  for width in 1200 390; do measure "$page" "$width"; done
done

chrome --no-pdf-header-footer --print-to-pdf="$work/session.pdf" "file://$work/session.html" 2>/dev/null >/dev/null || status=1
[[ -s "$work/session.pdf" ]] || { echo "error: print to PDF failed" >&2; status=1; }

if [[ $status -eq 0 ]]; then
  echo "ok: rendered without console errors, no label clipped or truncated, nothing wider than the window; screenshots in docs/screenshots/, PDF and logs in $work"
fi
exit $status
