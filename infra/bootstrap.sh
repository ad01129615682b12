#!/bin/sh
# What `make run` and `make test` need from the machine beyond Python 3.11 and make, checked before anything
# else runs: python3-venv (Debian's python3 lacks ensurepip), Node.js 20.19+ or 22.12+ with npm (Vite 8),
# and for `test` Debian's chromium at /usr/bin/chromium (the browser tests drive it; Playwright never
# downloads its own). Missing Debian packages are installed when running as root (one apt-get update,
# non-interactive); otherwise, or when Debian's own Node.js is too old, it stops with the command to run.
#   infra/bootstrap.sh run|test
# Environment: PYTHON (default python3), SOULSEER_CHROMIUM (default /usr/bin/chromium).
set -eu

mode=${1:-run}
python=${PYTHON:-python3}
chromium=${SOULSEER_CHROMIUM:-/usr/bin/chromium}
NODE_WANTED="20.19+ or 22.12+"
NODESOURCE="curl -fsSL https://deb.nodesource.com/setup_22.x | bash - && apt-get install -y nodejs"

say() { echo "bootstrap: $*" >&2; }
stop() {
  say "$1"
  say "run: $2"
  exit 1
}

# "v20.19.1", "20.19.1+dfsg-1~deb12u3" or "1:20.19.1-1" -> is it a Node.js that Vite 8 runs on?
node_ok() {
  version=${1#v}
  version=${version#*:}
  major=${version%%.*}
  rest=${version#*.}
  minor=${rest%%[!0-9]*}
  case $major in '' | *[!0-9]*) return 1 ;; esac
  case $minor in '' | *[!0-9]*) return 1 ;; esac
  [ "$major" -eq 20 ] && [ "$minor" -ge 19 ] && return 0
  [ "$major" -eq 22 ] && [ "$minor" -ge 12 ] && return 0
  [ "$major" -gt 22 ]
}

# The version apt would install, or nothing.
apt_candidate() {
  command -v apt-cache >/dev/null 2>&1 || return 0
  apt-cache policy "$1" 2>/dev/null | while read -r key value _; do
    if [ "$key" = "Candidate:" ] && [ "$value" != "(none)" ]; then echo "$value"; fi
  done
}

command -v "$python" >/dev/null 2>&1 || stop "no $python on this machine (Python 3.11 is needed)" \
  "apt-get install -y python3 python3-venv"
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
  stop "$("$python" --version 2>&1) is too old: Python 3.11 or newer is needed" "apt-get install -y python3.11 python3.11-venv"

missing=""
"$python" -c 'import ensurepip, venv' 2>/dev/null || missing="$missing python3-venv"
if [ "$mode" = test ] && [ ! -x "$chromium" ]; then missing="$missing chromium"; fi
node_missing=""
command -v node >/dev/null 2>&1 || node_missing="nodejs"
command -v npm >/dev/null 2>&1 || node_missing="$node_missing npm"
apt_node=""
if [ -n "$node_missing" ] && command -v apt-get >/dev/null 2>&1; then
  candidate=$(apt_candidate nodejs)
  if [ -n "$candidate" ] && node_ok "$candidate"; then apt_node=$node_missing; fi
fi
missing="$missing $apt_node"
missing=$(echo $missing) # one space between names, none around

node_fix=""
if [ -n "$node_missing" ]; then
  [ -n "$apt_node" ] || node_fix=$NODESOURCE
  why="Node.js $NODE_WANTED with npm is needed (apt's nodejs here is older or absent)"
elif ! node_ok "$(node --version)"; then
  node_fix=$NODESOURCE
  why="Node.js $(node --version) is too old: the web app's build (Vite 8) needs $NODE_WANTED"
fi
apt_fix="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing"

if [ -n "$missing" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  say "installing $missing (apt-get, once)"
  apt-get update -q
  # shellcheck disable=SC2086 # one word per package
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
  missing=""
fi
if [ -n "$missing" ] && [ -n "$node_fix" ]; then
  stop "this machine lacks $missing; $why" "(as root) $apt_fix && $node_fix"
elif [ -n "$missing" ]; then
  stop "this machine lacks $missing" "(as root) $apt_fix"
elif [ -n "$node_fix" ]; then
  stop "$why" "(as root) $node_fix"
fi
