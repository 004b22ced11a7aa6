#!/usr/bin/env bash
# Installs the interop peers (idempotent): python3-websockets from Debian, ws from npm.
set -euo pipefail
cd "$(dirname "$0")"
if ! /usr/bin/python3 -c 'import websockets' 2>/dev/null; then
  echo "interop: installing python3-websockets"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-websockets >/dev/null
fi
if ! command -v node >/dev/null; then
  echo "interop: installing nodejs and npm"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
if [ ! -d node_modules/ws ]; then
  echo "interop: installing ws"
  if [ -f package-lock.json ]; then npm ci --silent --no-audit --no-fund; else npm install --silent --no-audit --no-fund; fi
fi
echo "interop: python3-websockets $(/usr/bin/python3 -c 'import websockets; print(websockets.__version__)'), ws $(node -p 'require("./node_modules/ws/package.json").version')"
