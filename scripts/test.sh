#!/usr/bin/env bash
# Set up everything on a fresh Debian/Ubuntu machine and run the whole test suite.
# Extra arguments go to pytest (for example -k results).
PIP_EXTRAS="[test]"
source "$(dirname "$0")/_env.sh"
say "Запускаю тесты"
.venv/bin/python -m pytest -n auto "$@"
