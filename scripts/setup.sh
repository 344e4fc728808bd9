#!/usr/bin/env bash
# Installs what Rehearse needs on Debian/Ubuntu: GNU readline, Snowball's libstemmer,
# WordNet (its C library and database: synonyms for rubric terms) and SQLite (the session
# index) to build and run, and
# tmux, which the test suite uses to drive the REPL in a real pseudo-terminal. Does nothing when all are present. Uses sudo only when not root.
set -euo pipefail

packages=()
[ -f /usr/include/readline/readline.h ] || packages+=(libreadline-dev)
[ -f /usr/include/libstemmer.h ] || packages+=(libstemmer-dev)
[ -f /usr/include/wn.h ] || packages+=(wordnet-dev)
[ -f /usr/include/sqlite3.h ] || packages+=(libsqlite3-dev)
[ -e /usr/lib/libwordnet.so ] || [ -e /usr/lib/x86_64-linux-gnu/libwordnet.so ] || packages+=(wordnet)
[ -f /usr/share/wordnet/index.noun ] || packages+=(wordnet-base)
command -v tmux >/dev/null 2>&1 || packages+=(tmux)
[ ${#packages[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: missing ${packages[*]} and no apt-get here; install GNU readline, libstemmer, WordNet (library and database) and SQLite by hand" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "error: need root (or sudo) to install ${packages[*]}" >&2
    exit 1
  fi
fi
echo "Installing ${packages[*]} ..." >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${packages[@]}" >&2
