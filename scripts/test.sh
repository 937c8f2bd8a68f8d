#!/usr/bin/env bash
# Set up everything on a fresh Debian/Ubuntu machine and run the whole test suite.
# Extra arguments go to pytest (for example -k results).
PIP_EXTRAS="[test]"
NPM_DEV=1
# Browser tests drive Debian's Chromium; the Nu HTML Checker runs on Java.
EXTRA_APT=()
[ -x /usr/bin/chromium ] || EXTRA_APT+=(chromium)
command -v java >/dev/null 2>&1 || EXTRA_APT+=(default-jre-headless)
source "$(dirname "$0")/_env.sh"
say "Запускаю тесты"
.venv/bin/python -m pytest -n auto "$@"
