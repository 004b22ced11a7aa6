#!/usr/bin/env bash
# Interop checks against real peers, both directions:
#  - Sockjet's server (./sockjet serve --echo) against clients no one here wrote: Node's ws (with
#    and without permessage-deflate), python3-websockets, Perl's AnyEvent::WebSocket::Client and
#    headless Chromium (the scripts in clients/);
#  - Sockjet's client (./sockjet connect, in a pipe, with and without --echo, -1, --jsonl) against
#    servers on Node's ws and python3-websockets (the echo servers here, answering at once, late or
#    with a small message limit, and the drive servers in servers/), and against websocketd;
#  - the same program under websocketd and under ./sockjet serve --exec, seeing the same CGI
#    variables.
# Prints one line per check, "PASS peer: check" or "FAIL peer: check: why" (and SKIP/INFO lines),
# then a total; exits 1 if any check failed. bash interop/setup.sh installs the peers first.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
sockjet="$root/sockjet"
tmp="$(mktemp -d)"
passed=0 failed=0 skipped=0 pids=()

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT

pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1"; failed=$((failed + 1)); }

# Reads a client's "PASS/FAIL/SKIP/INFO ..." lines from $2 and reports them for peer $1; a non-zero
# exit status $3 with no FAIL line is a failure of its own (a crash, a time-out).
report() {
  local peer=$1 file=$2 rc=$3 line any_fail=0
  while IFS= read -r line; do
    case "$line" in
      "PASS "*) pass "$peer: ${line#PASS }" ;;
      "FAIL "*) fail "$peer: ${line#FAIL }"; any_fail=1 ;;
      "SKIP "*) echo "SKIP $peer: ${line#SKIP }"; skipped=$((skipped + 1)) ;;
      "INFO "*) echo "INFO $peer: ${line#INFO }" ;;
      "") ;;
      *) echo "     $peer: $line" ;;
    esac
  done < "$file"
  if [ "$rc" -ne 0 ] && [ "$any_fail" -eq 0 ]; then
    fail "$peer: exited with status $rc"
  fi
}

# Runs a client script (bounded) and reports its lines as peer $1.
client() {
  local peer=$1; shift
  timeout 120 "$@" > "$tmp/client.out" 2>&1
  report "$peer" "$tmp/client.out" $?
}

# Waits (at most 60 s, enough for ./sockjet to build its jar) until file $1 has a line matching
# the extended regex $2, and prints its first group.
wait_for_line() {
  local i
  for ((i = 0; i < 600; i++)); do
    if grep -Eq "$2" "$1" 2>/dev/null; then
      sed -En "s#.*$2.*#\\1#p" "$1" | head -1
      return 0
    fi
    sleep 0.1
  done
  return 1
}

start=$SECONDS
"$sockjet" --version >/dev/null || { echo "FAIL sockjet: the launcher does not run"; exit 1; }

# ---------------------------------------------------------------- Sockjet's server, real clients
"$sockjet" serve --echo --host 127.0.0.1 --port 0 > "$tmp/serve.out" 2> "$tmp/serve.err" &
serve_pid=$!
pids+=("$serve_pid")
# ServeCommand's startup line: "sockjet: echo server listening on ws://127.0.0.1:PORT/".
if port=$(wait_for_line "$tmp/serve.out" 'listening on ws://[^ ]*:([0-9]+)/'); then
  url="ws://127.0.0.1:$port/"
  client "node-ws" node "$here/clients/ws-client.js" "$url"
  client "node-ws(deflate)" node "$here/clients/ws-client.js" "$url" --deflate
  client "python-websockets" /usr/bin/python3 "$here/clients/py-client.py" "$url"
  client "perl-anyevent" perl "$here/clients/perl-client.pl" "$url"
  client "chromium" node "$here/clients/chromium-client.mjs" "$url"
else
  fail "sockjet serve: no startup line within 60 s: $(tail -3 "$tmp/serve.err" | tr '\n' ' ')"
fi
kill "$serve_pid" 2>/dev/null
wait "$serve_pid" 2>/dev/null

# ---------------------------------------------------------------- the same, compressed
# serve --compress (every message compressed: threshold 0): each client that offers
# permessage-deflate must get it, and every check above must pass through it.
client_deflate() {
  local peer=$1; shift
  client "$peer" "$@"
  local agreed
  agreed=$(sed -n 's/^INFO .*negotiated: //p' "$tmp/client.out" | head -1)
  if [[ "$agreed" == permessage-deflate* ]]; then
    pass "$peer: negotiated $agreed"
  else
    fail "$peer: expected permessage-deflate, negotiated: ${agreed:-nothing reported}"
  fi
}
"$sockjet" serve --echo --compress --compress-threshold 0 --host 127.0.0.1 --port 0 \
  > "$tmp/serve.out" 2> "$tmp/serve.err" &
serve_pid=$!
pids+=("$serve_pid")
if port=$(wait_for_line "$tmp/serve.out" 'listening on ws://[^ ]*:([0-9]+)/'); then
  url="ws://127.0.0.1:$port/"
  client_deflate "node-ws(compressed)" node "$here/clients/ws-client.js" "$url" --deflate
  client_deflate "python-websockets(compressed)" /usr/bin/python3 "$here/clients/py-client.py" "$url"
  client_deflate "chromium(compressed)" node "$here/clients/chromium-client.mjs" "$url"
else
  fail "sockjet serve --compress: no startup line within 60 s: $(tail -3 "$tmp/serve.err" | tr '\n' ' ')"
fi
kill "$serve_pid" 2>/dev/null
wait "$serve_pid" 2>/dev/null

# ---------------------------------------------------------------- Sockjet's client, real servers
# A peer server reading stdin from a FIFO we hold open on fd 8: closing fd 8 stops it.
start_server() {
  rm -f "$tmp/server.in"
  mkfifo "$tmp/server.in"
  "$@" < "$tmp/server.in" > "$tmp/server.out" 2> "$tmp/server.err" &
  server_pid=$!
  pids+=("$server_pid")
  exec 8> "$tmp/server.in"
  server_port=$(wait_for_line "$tmp/server.out" '^PORT ([0-9]+)')
}

stop_server() {
  exec 8>&-
  wait "$server_pid" 2>/dev/null
}

# Compares connect's output, status and stderr with what is expected; reports check $2 of peer $1.
expect_run() {
  local peer=$1 check=$2 want_rc=$3 got_rc=$4 want_out=$5 want_err=$6
  if [ "$got_rc" -ne "$want_rc" ]; then
    fail "$peer: $check: exit status $got_rc, expected $want_rc; stderr: $(head -c 300 "$tmp/err")"
  elif ! cmp -s "$want_out" "$tmp/out"; then
    fail "$peer: $check: stdout differs from what was sent ($(wc -c < "$tmp/out") bytes, expected $(wc -c < "$want_out"))"
  elif [ "$(cat "$tmp/err")" != "$want_err" ]; then
    fail "$peer: $check: stderr was '$(head -c 300 "$tmp/err")', expected '$want_err'"
  else
    pass "$peer: $check"
  fi
}

# Runs connect with stdin $2 from a FIFO held open until stdout has as many bytes as file $3 (at
# most 30 s), then ends stdin. A server may drop the echoes of messages that arrive together
# with the close frame (python websockets does), so input ends only once the replies are in.
# Remaining arguments go to connect; the exit status is connect's.
pipe_through() {
  local url=$1 input=$2 want=$3; shift 3
  rm -f "$tmp/stdin"
  mkfifo "$tmp/stdin"
  timeout 60 "$sockjet" connect "$@" "$url" < "$tmp/stdin" > "$tmp/out" 2> "$tmp/err" &
  local pid=$! i size
  exec 9> "$tmp/stdin"
  cat "$input" >&9
  size=$(wc -c < "$want")
  for ((i = 0; i < 300; i++)); do
    [ "$(wc -c < "$tmp/out")" -ge "$size" ] && break
    sleep 0.1
  done
  exec 9>&-
  wait "$pid"
}

connect_checks() {
  local peer=$1 url=$2
  # Text in a pipe: unicode, an empty line, 100 lines in order; end of input closes with 1000.
  { echo hello; echo 'héllo wörld 🎉'; echo; for i in $(seq 0 99); do echo "n$i"; done; } > "$tmp/lines"
  pipe_through "$url" "$tmp/lines" "$tmp/lines"
  expect_run "$peer" "connect: text, unicode, empty, 100 in order, close at EOF" 0 $? "$tmp/lines" ""

  printf 'abc\n\000\001\377\n' > "$tmp/binary.in"
  printf 'YWJj\nAAH/\n' > "$tmp/binary.want"
  pipe_through "$url" "$tmp/binary.in" "$tmp/binary.want" --binary
  expect_run "$peer" "connect --binary (printed as Base64)" 0 $? "$tmp/binary.want" ""

  { head -c 1048576 /dev/zero | tr '\0' 'x'; echo; } > "$tmp/big"
  pipe_through "$url" "$tmp/big" "$tmp/big"
  expect_run "$peer" "connect: 1 MiB line" 0 $? "$tmp/big" ""

  # The server closes with 4001 while our stdin is still open (held on fd 9).
  rm -f "$tmp/stdin"
  mkfifo "$tmp/stdin"
  timeout 60 "$sockjet" connect "$url" < "$tmp/stdin" > "$tmp/out" 2> "$tmp/err" &
  local pid=$!
  exec 9> "$tmp/stdin"
  echo 'close:4001:bye now' >&9
  wait "$pid"
  local rc=$?
  exec 9>&-
  : > "$tmp/empty"
  expect_run "$peer" "connect: server closes with 4001 (exit 3)" 3 $rc "$tmp/empty" \
    "sockjet: closed by the server: 4001 bye now"
}

# What issue 18 found: connect closed as soon as its input ended, and lost the replies still on
# their way; a close code other than 1000/1001 could exit 0. Here input ends at once (a plain
# redirect, no FIFO held open), against an echo server that answers at once, one that answers
# 100 ms late, and one whose message limit a line exceeds.
end_of_input_checks() {
  local peer=$1; shift # the rest: the echo server's command
  { for i in $(seq 0 99); do echo "line $i"; done; } > "$tmp/hundred"
  : > "$tmp/empty"
  start_server "$@"
  if [ -n "$server_port" ]; then
    local url="ws://127.0.0.1:$server_port/"
    timeout 60 "$sockjet" connect "$url" < "$tmp/hundred" > "$tmp/out" 2> "$tmp/err"
    expect_run "$peer" "connect: input ends at once, every reply still printed" 0 $? \
      "$tmp/hundred" ""
    echo one > "$tmp/one"
    printf 'one\ntwo\n' | timeout 60 "$sockjet" connect -1 "$url" > "$tmp/out" 2> "$tmp/err"
    expect_run "$peer" "connect -1: the first line, its reply, exit 0" 0 $? "$tmp/one" ""
    echo hi | timeout 60 "$sockjet" connect --jsonl "$url" > "$tmp/jsonl" 2> "$tmp/err"
    if grep -Eq '^\{"type":"text","size":2,"time":"[0-9T:.-]+Z","text":"hi"\}$' "$tmp/jsonl"; then
      pass "$peer: connect --jsonl"
    else
      fail "$peer: connect --jsonl printed '$(head -c 300 "$tmp/jsonl")'"
    fi
  else
    fail "$peer: echo server did not start: $(head -c 300 "$tmp/server.err")"
  fi
  stop_server
  start_server "$@" --late 100
  if [ -n "$server_port" ]; then
    timeout 60 "$sockjet" connect "ws://127.0.0.1:$server_port/" < "$tmp/hundred" > "$tmp/out" \
      2> "$tmp/err"
    expect_run "$peer" "connect: replies 100 ms late, input ends at once, all printed" 0 $? \
      "$tmp/hundred" ""
  fi
  stop_server
  start_server "$@" --max-size 1000
  if [ -n "$server_port" ]; then
    { echo short; head -c 2000 /dev/zero | tr '\0' 'x'; echo; } > "$tmp/long"
    timeout 60 "$sockjet" connect "ws://127.0.0.1:$server_port/" < "$tmp/long" > "$tmp/out" \
      2> "$tmp/err"
    local rc=$?
    if [ "$rc" -eq 3 ] && grep -q '^sockjet: closed by the server: 1009 (message too big)' "$tmp/err"; then
      pass "$peer: connect: a line over the server's limit exits 3, naming 1009"
    else
      fail "$peer: connect: a line over the server's limit: exit $rc, stderr '$(head -c 300 "$tmp/err")'"
    fi
  fi
  stop_server
}

echo_checks() {
  local peer=$1 url=$2
  timeout 60 "$sockjet" connect --echo "$url" < /dev/null > "$tmp/out" 2> "$tmp/err"
  local rc=$?
  stop_server # the drive server has printed its verdict per check
  grep -v '^PORT ' "$tmp/server.out" | sed 's/^\(PASS\|FAIL\) /\1 connect --echo: /' > "$tmp/verdict"
  report "$peer" "$tmp/verdict" 0
  : > "$tmp/empty"
  expect_run "$peer" "connect --echo: exit 0 on the server's 1000" 0 $rc "$tmp/empty" \
    "sockjet: closed by the server: 1000 all echoed"
}

for peer in node-ws python-websockets; do
  if [ "$peer" = node-ws ]; then
    echo_server=(node "$here/ws-echo-server.js")
    drive_server=(node "$here/servers/ws-drive-server.js")
  else
    echo_server=(/usr/bin/python3 "$here/py-echo-server.py")
    drive_server=(/usr/bin/python3 "$here/servers/py-drive-server.py")
  fi
  start_server "${echo_server[@]}"
  if [ -n "$server_port" ]; then
    connect_checks "$peer" "ws://127.0.0.1:$server_port/"
  else
    fail "$peer: echo server did not start: $(head -c 300 "$tmp/server.err")"
  fi
  stop_server
  start_server "${drive_server[@]}"
  if [ -n "$server_port" ]; then
    echo_checks "$peer" "ws://127.0.0.1:$server_port/"
  else
    stop_server
    fail "$peer: drive server did not start: $(head -c 300 "$tmp/server.err")"
  fi
  end_of_input_checks "$peer" "${echo_server[@]}"
done

# ---------------------------------------------------------------- websocketd beside serve --exec
# The same program under websocketd and under `sockjet serve --exec`: connect must get every
# reply from both, and the program must see the same request variables from both.
free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
cgi_program='echo "$PATH_INFO|$QUERY_STRING|$REMOTE_ADDR|$SERVER_NAME|$HTTP_X_PROBE"; exec cat'
if command -v websocketd >/dev/null; then
  wsd_port=$(free_port)
  websocketd --address=127.0.0.1 --port="$wsd_port" --loglevel=error sh -c "$cgi_program" \
    > "$tmp/wsd.out" 2>&1 &
  pids+=("$!")
  "$sockjet" serve --exec --host 127.0.0.1 --port 0 -q -- sh -c "$cgi_program" \
    > "$tmp/exec.out" 2> "$tmp/exec.err" &
  pids+=("$!")
  exec_port=$(wait_for_line "$tmp/exec.out" 'listening on ws://[^ ]*:([0-9]+)/')
  for ((i = 0; i < 100; i++)); do # websocketd says nothing at --loglevel=error: poll its port
    (exec 3<>"/dev/tcp/127.0.0.1/$wsd_port") 2>/dev/null && break
    sleep 0.1
  done
  { for i in $(seq 0 99); do echo "line $i"; done; } > "$tmp/hundred"
  for peer_port in "websocketd:$wsd_port" "sockjet-exec:$exec_port"; do
    peer=${peer_port%%:*} port=${peer_port#*:}
    echo '/a/b|x=1&y=2|127.0.0.1|127.0.0.1|probe' > "$tmp/cgi.want"
    cat "$tmp/hundred" >> "$tmp/cgi.want"
    timeout 60 "$sockjet" connect -H 'X-Probe: probe' "ws://127.0.0.1:$port/a/b?x=1&y=2" \
      < "$tmp/hundred" > "$tmp/out" 2> "$tmp/err"
    expect_run "$peer" "connect: CGI variables, then 100 lines back, input ending at once" 0 $? \
      "$tmp/cgi.want" ""
  done
else
  echo "SKIP websocketd: not installed (bash interop/setup.sh installs it)"
  skipped=$((skipped + 1))
fi

# ---------------------------------------------------------------- chat in the browser
# interop/chat-browser.mjs (written separately) checks the chat page of `sockjet serve` in
# headless Chromium and saves a screenshot; it is run here once it exists.
if [ -f "$here/chat-browser.mjs" ]; then
  mkdir -p "$here/out"
  client "chat-browser" node "$here/chat-browser.mjs" "$here/out/chat-browser.png"
fi

echo "interop: done in $((SECONDS - start)) s"
echo "interop: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
