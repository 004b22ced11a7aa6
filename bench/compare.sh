#!/usr/bin/env bash
# Sockjet side by side with other WebSocket libraries: the same echo-server contract on each
# (sockjet-bench's io.sockjet.bench.peers, and bench/ws-bench-server.js for Node's ws), the same
# drivers, the same JVM flags, the server pinned to one CPU and the drivers to another. Every
# scenario is run for every peer in turn, then again (--reps), and the table shows each peer's
# median with its ratio to Sockjet's. BENCHMARKS.md has the results and how to read them.
#
#   bench/compare.sh                      # everything: 6 scenarios x 9 peers x 3 repetitions
#   bench/compare.sh --quick              # one short pass (about 10 minutes)
#   bench/compare.sh --scenarios 1,5 --peers sockjet,netty-epoll --reps 5 --seconds 20
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/compare.sh [options]
  --scenarios LIST   which scenarios (default 1,2,3,4,5,6):
                       1  echo, 100 connections, 32 B text, 16 in flight each
                       2  echo, 1,000 connections, 512 B binary, 1 in flight each
                       3  echo, 10 connections, 64 KiB binary, 1 in flight each
                       4  idle connections (--idle): server heap after GC and RSS per connection
                       5  broadcast: --broadcast-messages messages to --broadcast-connections
                       6  fan-out: a publisher's messages to --broadcast-connections subscribers,
                          --fanout-warmup back to back (not timed), --fanout-paced one at a
                          time (latency), then --broadcast-messages back to back
                          (peers with a fan-out server only: sockjet, sockjet-broadcast, netty-*,
                          vertx)
  --peers LIST       default sockjet,sockjet-broadcast,netty-nio,netty-epoll,jetty,java-websocket,
                     undertow,vertx,node-ws (sockjet-broadcast: Sockjet's broadcast in scenario 6);
                     also "external": any echo server of your own (uWebSockets, say), started
                     by the command in BENCH_EXTERNAL_ECHO with {port} replaced; it must print
                     "READY <port>" once listening and echo every message (scenarios 1 to 3)
  --reps N           repetitions, interleaved across peers (default 3)
  --seconds S        measured seconds per echo run (default 10)
  --warmup S         warm-up seconds per echo run (default 3)
  --idle N           connections in scenario 4 (default 19000; a process may open 20,000 files)
  --broadcast-connections N   receiving connections in scenario 5 (default 10000)
  --broadcast-messages M      messages one trigger asks the server to broadcast (default 100)
  --receivers N      receiver processes in scenarios 5 and 6 (default 2)
  --fanout-warmup N  messages published to warm the server up in scenario 6 (default 5)
  --fanout-paced N   messages published one at a time in scenario 6, for latency (default 5)
  --fanout-interval-ms MS     the time between them (default 1000)
  --quick            --seconds 3 --warmup 2 --reps 1
  --out DIR          where logs, results.txt and table.md go (default bench/results/<time>)
Environment: JAVA_HOME picks the JDK for servers and drivers (default: java on the PATH).
EOF
}

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

scenarios=1,2,3,4,5,6
peers=sockjet,sockjet-broadcast,netty-nio,netty-epoll,jetty,java-websocket,undertow,vertx,node-ws
reps=3
duration=10
warmup=3
idle=19000
bcast_connections=10000
bcast_messages=100
receivers=2
fanout_warmup=5
fanout_paced=5
fanout_interval=1000
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --scenarios) scenarios=$2; shift 2 ;;
    --peers) peers=$2; shift 2 ;;
    --reps) reps=$2; shift 2 ;;
    --seconds) duration=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --idle) idle=$2; shift 2 ;;
    --broadcast-connections) bcast_connections=$2; shift 2 ;;
    --broadcast-messages) bcast_messages=$2; shift 2 ;;
    --receivers) receivers=$2; shift 2 ;;
    --fanout-warmup) fanout_warmup=$2; shift 2 ;;
    --fanout-paced) fanout_paced=$2; shift 2 ;;
    --fanout-interval-ms) fanout_interval=$2; shift 2 ;;
    --quick) duration=3; warmup=2; reps=1; shift ;;
    --out) out=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done

# JVM flags, CPUs, logging, the jar, and starting and stopping processes: bench/lib.sh.
source "$root/bench/lib.sh"
jcmd="$(dirname "$(readlink -f "$(command -v "$java")")")/jcmd"
out="${out:-$root/bench/results/$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$out/logs"
results="$out/results.txt"
: > "$results"

# Sockets are files: 19,000 idle connections need the soft limit raised to the hard one.
ulimit -n "$(ulimit -Hn)"
[ "$(ulimit -n)" -ge $((idle + 200)) ] || log "warning: open files limited to $(ulimit -n)"
command -v ss >/dev/null || die "ss (iproute2) is needed to count a server's idle connections"

build_jar
if [[ ",$peers," == *",node-ws,"* ]] && [ ! -d interop/node_modules/ws ]; then
  bash interop/setup.sh
fi

server_command() { # peer port: sets cmd; fails for a peer with no echo server
  local main
  case "$1" in
    sockjet) main=(io.sockjet.bench.peers.SockjetEchoServer "$2") ;;
    sockjet-broadcast) return 1 ;; # a mode of the fan-out server only
    netty-nio) main=(io.sockjet.bench.peers.NettyEchoServer "$2" nio) ;;
    netty-epoll) main=(io.sockjet.bench.peers.NettyEchoServer "$2" epoll) ;;
    jetty) main=(io.sockjet.bench.peers.JettyEchoServer "$2") ;;
    java-websocket) main=(io.sockjet.bench.peers.JavaWebSocketEchoServer "$2") ;;
    undertow) main=(io.sockjet.bench.peers.UndertowEchoServer "$2") ;;
    vertx) main=(io.sockjet.bench.peers.VertxEchoServer "$2") ;;
    node-ws) cmd=(node --expose-gc bench/ws-bench-server.js "$2"); return ;;
    external)
      [ -n "${BENCH_EXTERNAL_ECHO:-}" ] || die "peer 'external' needs BENCH_EXTERNAL_ECHO"
      read -r -a cmd <<< "${BENCH_EXTERNAL_ECHO//\{port\}/$2}"
      return ;;
    *) die "unknown peer: $1" ;;
  esac
  cmd=("$java" "${JVM_FLAGS[@]}" -cp "$jar" "${main[@]}")
}

fanout_command() { # peer port: sets cmd; fails for a peer with no fan-out server
  local main
  case "$1" in
    sockjet) main=(io.sockjet.bench.peers.SockjetFanoutServer "$2" topic) ;;
    sockjet-broadcast) main=(io.sockjet.bench.peers.SockjetFanoutServer "$2" broadcast) ;;
    netty-nio) main=(io.sockjet.bench.peers.NettyFanoutServer "$2" nio) ;;
    netty-epoll) main=(io.sockjet.bench.peers.NettyFanoutServer "$2" epoll) ;;
    vertx) main=(io.sockjet.bench.peers.VertxFanoutServer "$2") ;;
    jetty|java-websocket|undertow|node-ws|external) return 1 ;;
    *) die "unknown peer: $1" ;;
  esac
  cmd=("$java" "${JVM_FLAGS[@]}" -cp "$jar" "${main[@]}")
}

rss_bytes() { awk '/^VmRSS:/ {print $2 * 1024}' "/proc/$1/status"; }

heap_bytes() { # peer pid logfile: heap in use after a full GC
  if [ "$1" = node-ws ]; then
    local before
    before=$(grep -c '^HEAP' "$3" || true)
    kill -USR2 "$2"
    local i
    for i in $(seq 100); do
      [ "$(grep -c '^HEAP' "$3" || true)" -gt "$before" ] && break
      sleep 0.1
    done
    grep '^HEAP' "$3" | tail -1 | sed 's/.*used=\([0-9]*\).*/\1/'
  else
    "$jcmd" "$2" GC.run > /dev/null
    "$jcmd" "$2" GC.heap_info | sed -n 's/.* used \([0-9]*\)K.*/\1/p' | head -1 | awk '{print $1 * 1024}'
  fi
}

run_echo() { # scenario peer rep connections size type in-flight
  local name="s$1-$2-r$3" slog dlog
  slog="$out/logs/$name.server.log"
  dlog="$out/logs/$name.driver.log"
  start_server "$2" "$slog" server_command || return 0
  taskset -c "$DRIVER_CPU" timeout $((warmup + duration + 180)) "$java" "${DRIVER_FLAGS[@]}" \
    -cp "$jar" io.sockjet.bench.load.EchoLoad --port "$port" --connections "$4" --size "$5" \
    --type "$6" --in-flight "$7" --seconds "$duration" --warmup "$warmup" \
    --server-pid "$server_pid" --peer "$2" --scenario "$1" > "$dlog" 2>&1 || true
  if grep '^RESULT' "$dlog" >> "$results"; then
    log "$name: $(grep -v '^RESULT' "$dlog" | grep 'msg/s' | tail -1)"
  else
    log "$name: no result; see $dlog"
  fi
  stop "$server_pid"
}

run_idle() { # scenario peer rep
  local name="s$1-$2-r$3" slog clog heap0 rss0 heap1 rss1 clients live
  slog="$out/logs/$name.server.log"
  clog="$out/logs/$name.clients.log"
  start_server "$2" "$slog" server_command || return 0
  sleep 1 # let start-up work (JIT, lazy initialisation) finish before the baseline
  heap0=$(heap_bytes "$2" "$server_pid" "$slog")
  rss0=$(rss_bytes "$server_pid")
  taskset -c "$DRIVER_CPU" "$java" -Xmx1g -cp "$jar" io.sockjet.bench.memory.IdleClients \
    "$port" "$idle" 900 > "$clog" 2>&1 &
  clients=$!
  started+=("$clients")
  if wait_for "$clog" '^READY' "$clients" 600; then
    sleep 1
    heap1=$(heap_bytes "$2" "$server_pid" "$slog")
    rss1=$(rss_bytes "$server_pid")
    # Divide by the connections the server still holds, not by those the clients opened: a server
    # may have closed some meanwhile. Java-WebSocket does by default: every 60 s it pings each
    # connection and closes those that have not answered for 90 s, and IdleClients never reads, so
    # when connecting takes more than half a minute the oldest connections are gone.
    live=$(ss -tnH state established "( sport = :$port )" | wc -l)
    [ "$live" -ge "$idle" ] || log "$name: the server holds $live of the $idle connections"
    if [ "$live" -gt 0 ]; then
      echo "RESULT kind=idle scenario=$1 peer=$2 connections=$idle live=$live heap_before=$heap0 heap_after=$heap1 rss_before=$rss0 rss_after=$rss1 $(
        awk -v h0="$heap0" -v h1="$heap1" -v r0="$rss0" -v r1="$rss1" -v n="$live" \
          'BEGIN {printf "heap_per_conn=%.0f rss_per_conn=%.0f errors=0", (h1 - h0) / n, (r1 - r0) / n}')" \
        | tee -a "$results" | sed "s/^/[$name] /" >&2
    else
      echo "RESULT kind=idle scenario=$1 peer=$2 connections=$idle live=0 errors=1" >> "$results"
    fi
  else
    log "$name: the clients did not connect; see $clog"
    echo "RESULT kind=idle scenario=$1 peer=$2 connections=$idle errors=1" >> "$results"
  fi
  stop "$clients"
  stop "$server_pid"
}

run_broadcast() { # scenario peer rep: scenario 5 (a trigger) or 6 (a publisher), by $1
  local name="s$1-$2-r$3" slog dlog i n pids=() logs=() ready=1 driver="" extra
  local receiver=receiver servers=server_command kind=broadcast driver_role=(--role trigger)
  slog="$out/logs/$name.server.log"
  dlog="$out/logs/$name.driver.log"
  if [ "$1" = 6 ]; then
    receiver=subscriber servers=fanout_command kind=fanout
    driver_role=(--role publisher --interval-ms "$fanout_interval")
  fi
  start_server "$2" "$slog" "$servers" || return 0
  extra=(--messages "$bcast_messages" --server-pid "$server_pid" --warmup "$fanout_warmup"
    --paced "$fanout_paced")
  for i in $(seq "$receivers"); do
    n=$((bcast_connections / receivers + (i <= bcast_connections % receivers ? 1 : 0)))
    logs+=("$out/logs/$name.receiver$i.log")
    taskset -c "$DRIVER_CPU" "$java" "${DRIVER_FLAGS[@]}" -cp "$jar" \
      io.sockjet.bench.load.BroadcastLoad --role "$receiver" --port "$port" --connections "$n" \
      "${extra[@]}" --timeout 120 --linger 3 --peer "$2" --scenario "$1" > "${logs[-1]}" 2>&1 &
    pids+=($!)
    started+=("$!")
  done
  for i in "${!pids[@]}"; do
    wait_for "${logs[$i]}" '^READY' "${pids[$i]}" 600 || ready=0
  done
  if [ "$ready" = 1 ]; then
    sleep 1 # the server settles after the connection storm; its idle time adds no ticks
    # The trigger (5) or publisher (6) reads the CPU counters right before its measured sends.
    taskset -c "$DRIVER_CPU" "$java" "${DRIVER_FLAGS[@]}" -cp "$jar" \
      io.sockjet.bench.load.BroadcastLoad "${driver_role[@]}" --port "$port" "${extra[@]}" \
      --timeout 120 > "$dlog" 2>&1 &
    driver=$!
    started+=("$driver")
  else
    log "$name: receivers did not connect; see ${logs[*]}"
  fi
  for i in "${pids[@]}"; do
    wait "$i" 2>/dev/null || true
  done
  [ -z "$driver" ] || stop "$driver" # a publisher holds its connection until now
  if [ "$ready" = 1 ] && grep -q '^RESULT' "$dlog"; then
    "$java" -cp "$jar" io.sockjet.bench.compare.BroadcastSummary "$1" "$2" "$dlog" "${logs[@]}" \
      | tee -a "$results" | sed "s/^/[$name] /" >&2
  else
    log "$name: no result; see $dlog"
    echo "RESULT kind=$kind scenario=$1 peer=$2 connections=$bcast_connections messages=$bcast_messages errors=1" >> "$results"
  fi
  stop "$server_pid"
}

{
  echo "command: bench/compare.sh --scenarios $scenarios --peers $peers --reps $reps --seconds $duration --warmup $warmup --idle $idle --broadcast-connections $bcast_connections --broadcast-messages $bcast_messages --receivers $receivers --fanout-warmup $fanout_warmup --fanout-paced $fanout_paced --fanout-interval-ms $fanout_interval"
  environment
  echo "node: $(node --version 2>/dev/null || echo none)"
} | tee "$out/environment.txt" >&2

IFS=, read -r -a peer_list <<< "$peers"
IFS=, read -r -a scenario_list <<< "$scenarios"
for rep in $(seq "$reps"); do
  # Rotate the order each repetition, so no peer always runs first (or right after another).
  rotated=("${peer_list[@]:$(( (rep - 1) % ${#peer_list[@]} ))}" "${peer_list[@]:0:$(( (rep - 1) % ${#peer_list[@]} ))}")
  for scenario in "${scenario_list[@]}"; do
    for peer in "${rotated[@]}"; do
      log "repetition $rep/$reps, scenario $scenario, $peer"
      case "$scenario" in
        1) run_echo 1 "$peer" "$rep" 100 32 text 16 ;;
        2) run_echo 2 "$peer" "$rep" 1000 512 binary 1 ;;
        3) run_echo 3 "$peer" "$rep" 10 65536 binary 1 ;;
        4) run_idle 4 "$peer" "$rep" ;;
        5|6) run_broadcast "$scenario" "$peer" "$rep" ;;
        *) die "unknown scenario: $scenario" ;;
      esac
    done
  done
done

echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/environment.txt" >&2
"$java" -cp "$jar" io.sockjet.bench.compare.ResultTable "$results" | tee "$out/table.md"
log "results in $out"
