#!/usr/bin/env bash
# Set up everything on a fresh Debian/Ubuntu machine and build the school into site/ and dist/.
# Extra arguments go to `python -m generator build` (for example --strict or --year 2024-2025).
source "$(dirname "$0")/_env.sh"
say "Собираю сайт и материалы"
.venv/bin/python -m generator build "$@"
