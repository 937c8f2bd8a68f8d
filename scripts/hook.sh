#!/usr/bin/env bash
# The project's pre-commit hooks (.pre-commit-config.yaml): `python -m generator ARGS` from .venv,
# nothing downloaded. Without .venv it says what to run instead of failing with a traceback.
if [ ! -x .venv/bin/python ]; then
  echo "Проверка перед коммитом не запущена: нет окружения .venv. Выполните один раз bash scripts/build.sh" \
       "(он установит всё нужное), затем повторите git commit." >&2
  exit 1
fi
exec .venv/bin/python -m generator "$@"
