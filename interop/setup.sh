#!/usr/bin/env bash
# Installs the interop peers, idempotently (a second run installs nothing):
#   Debian: python3-websockets, libanyevent-websocket-client-perl (Perl's AnyEvent::WebSocket::Client),
#           chromium, websocketd, and nodejs/npm if there is no node at all;
#   npm:    ws and playwright-core at the exact versions of package.json / package-lock.json
#           (playwright-core drives Debian's chromium; it downloads no browser of its own).
set -euo pipefail
cd "$(dirname "$0")"

apt_need=()
/usr/bin/python3 -c 'import websockets' 2>/dev/null || apt_need+=(python3-websockets)
perl -MAnyEvent::WebSocket::Client -e 1 2>/dev/null || apt_need+=(libanyevent-websocket-client-perl)
[ -x /usr/bin/chromium ] || apt_need+=(chromium)
command -v websocketd >/dev/null || apt_need+=(websocketd)
command -v node >/dev/null || apt_need+=(nodejs npm)
if [ ${#apt_need[@]} -gt 0 ]; then
  echo "interop: installing ${apt_need[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${apt_need[@]}" >/dev/null
fi

# npm ci whenever an installed version differs from the pinned one (or is missing).
installed() {
  node -e 'try { process.stdout.write(require(`./node_modules/${process.argv[1]}/package.json`).version) } catch (e) {}' "$1"
}
pinned() {
  node -e 'process.stdout.write(require("./package.json").dependencies[process.argv[1]])' "$1"
}
for pkg in ws playwright-core; do
  if [ "$(installed "$pkg")" != "$(pinned "$pkg")" ]; then
    echo "interop: installing the npm packages of package-lock.json"
    npm ci --silent --no-audit --no-fund
    break
  fi
done

echo "interop: python3-websockets $(/usr/bin/python3 -c 'import websockets; print(websockets.__version__)')," \
  "AnyEvent::WebSocket::Client $(perl -MAnyEvent::WebSocket::Client -e 'print $AnyEvent::WebSocket::Client::VERSION')," \
  "$(/usr/bin/chromium --version 2>/dev/null | head -1)," \
  "node $(node --version), ws $(installed ws), playwright-core $(installed playwright-core)"
