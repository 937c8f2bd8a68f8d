# Shared by scripts/build.sh and scripts/test.sh: make sure the machine and .venv have what
# nastavnik-press needs. Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m%s\033[0m\n' "$*"; }
# Set up already (the tests run the scripts this way, with the test run's .venv): install nothing.
[ -n "${NASTAVNIK_SKIP_SETUP:-}" ] && return 0

need_apt=()
python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || {
  echo "Нужен Python 3.11 или новее (python3 --version: $(python3 --version 2>&1))." >&2; exit 2; }
python3 -c 'import ensurepip, venv' 2>/dev/null || need_apt+=(python3-venv)
# WeasyPrint draws text with Pango (PDF outputs).
ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so' || need_apt+=(libpango-1.0-0 libpangoft2-1.0-0)
# WeasyPrint subsets fonts with HarfBuzz; without this library it falls back to fontTools and warns
# («Using fontTools instead of HarfBuzz-Subset») on every PDF.
ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset.so' || need_apt+=(libharfbuzz-subset0)
# The editors' web form (/admin/) is Decap CMS from npm; spelling checks use hunspell with Russian.
command -v npm >/dev/null 2>&1 || need_apt+=(nodejs npm)
command -v hunspell >/dev/null 2>&1 || need_apt+=(hunspell)
# The privacy gate reads the text of the PDFs with pdftotext.
command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)
[ -e /usr/share/hunspell/ru_RU.dic ] || need_apt+=(hunspell-ru)
for pkg in "${EXTRA_APT[@]:-}"; do
  [ -n "$pkg" ] && ! dpkg -s "$pkg" >/dev/null 2>&1 && need_apt+=("$pkg")
done
if [ "${#need_apt[@]}" -gt 0 ]; then
  say "Устанавливаю системные пакеты: ${need_apt[*]}"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  say "Создаю окружение .venv"
  python3 -m venv .venv
fi
# Every package at the version of requirements.lock (the constraint also covers what the packages
# pull in); the site build installs the lock's runtime part, the tests (PIP_EXTRAS) all of it.
stamp=.venv/.installed-$(cat requirements.lock pyproject.toml | sha256sum | cut -c1-16)${PIP_EXTRAS:+-test}
if [ ! -f "$stamp" ]; then
  say "Устанавливаю зависимости (точные версии из requirements.lock)"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -c requirements.lock -e ".${PIP_EXTRAS:-}"
  touch "$stamp"
fi

# The site needs Decap CMS and its local proxy; the tests also need axe-core, the Nu HTML Checker and
# remark (the front matter check VS Code runs, tested) (NPM_DEV=1).
npm_stamp=node_modules/.installed-$(sha256sum package-lock.json | cut -c1-16)${NPM_DEV:+-dev}
if [ ! -f "$npm_stamp" ]; then
  say "Устанавливаю пакеты npm (веб-форма Decap CMS${NPM_DEV:+, axe-core, Nu HTML Checker})"
  if [ -n "${NPM_DEV:-}" ]; then npm ci --no-audit --no-fund --loglevel=error; else
    npm ci --omit=dev --no-audit --no-fund --loglevel=error; fi
  touch "$npm_stamp"
fi
