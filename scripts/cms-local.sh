#!/usr/bin/env bash
# Try the editors' web form on this computer, without an account: Decap CMS's local proxy
# (decap-server, only on 127.0.0.1) writes straight into this folder, and the live preview serves
# the site with the form at /admin/. Extra arguments go to `python -m generator serve`
# (for example -a 127.0.0.1:8001 or --drafts). Ctrl+C stops both.
source "$(dirname "$0")/_env.sh"

addr=127.0.0.1:8000  # what `serve` uses unless told otherwise: the address printed below is the real one
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    -a|--dev-addr) addr="${args[i + 1]:-$addr}" ;;
    --dev-addr=*) addr="${args[i]#--dev-addr=}" ;;
    -a?*) addr="${args[i]#-a}" ;;
  esac
done
export CMS_PROXY_PORT="${CMS_PROXY_PORT:-8081}"  # read by decap-server (PORT) and by the form's config

if [ ! -x node_modules/.bin/decap-server ]; then
  echo "Не найден node_modules/.bin/decap-server: выполните bash scripts/build.sh (он ставит пакеты npm)." >&2
  exit 2
fi
proxy="" preview=""
stop() {  # the preview gets Ctrl+C as if typed (it cleans up), the proxy is simply ended
  trap - INT TERM EXIT
  [ -n "$preview" ] && kill -INT "$preview" 2>/dev/null
  [ -n "$proxy" ] && kill "$proxy" 2>/dev/null
  for _ in $(seq 50); do
    kill -0 "$preview" 2>/dev/null || kill -0 "$proxy" 2>/dev/null || break
    sleep 0.2
  done
  [ -n "$preview" ] && kill -KILL "$preview" 2>/dev/null
  [ -n "$proxy" ] && kill -KILL "$proxy" 2>/dev/null
  wait 2>/dev/null
  return 0
}
trap 'stop; exit 130' INT TERM
trap stop EXIT

# Only this computer can write through the proxy (BIND_HOST); it stops with this script.
BIND_HOST=127.0.0.1 PORT="$CMS_PROXY_PORT" LOG_LEVEL=warn node_modules/.bin/decap-server &
proxy=$!
for _ in $(seq 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$CMS_PROXY_PORT") 2>/dev/null && break
  if ! kill -0 "$proxy" 2>/dev/null; then
    echo "Локальный прокси веб-формы не запустился (порт $CMS_PROXY_PORT занят?). Укажите другой: CMS_PROXY_PORT=8082 bash scripts/cms-local.sh" >&2
    exit 1
  fi
  sleep 0.2
done

say "Веб-форма: http://$addr/admin/ — нажмите «Войти» (остановить — Ctrl+C)"
# In the background so that Ctrl+C reaches this script's trap, which stops the preview and the proxy.
.venv/bin/python -m generator serve "$@" &
preview=$!
wait "$preview"
