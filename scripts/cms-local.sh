#!/usr/bin/env bash
# Try the editors' web form on this computer, without an account: Decap CMS's local proxy writes
# straight into this folder. Open http://127.0.0.1:8000/admin/ and press «Войти».
source "$(dirname "$0")/_env.sh"
BIND_HOST=127.0.0.1 node_modules/.bin/decap-server &  # only this computer can write through it
proxy=$!
trap 'kill $proxy 2>/dev/null' EXIT
say "Веб-форма: http://127.0.0.1:8000/admin/ (остановить — Ctrl+C)"
.venv/bin/python -m generator serve "$@"
