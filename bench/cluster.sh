#!/usr/bin/env bash
# Sockjet's topics across three nodes through one Redis, on this machine: scenario 6's fan-out
# (bench/compare.sh) with its subscribers spread over three SockjetFanoutServer nodes that share
# the topic through Redis, and its publisher on node A. BENCHMARKS.md ("Scale-out through
# Redis") has the results and how to read them. Three parts, each repeated --reps times:
#
#   throughput  --subscribers over the three nodes; --paced messages at one per --interval-ms
#               (latency at a fixed rate, A to every node and A to C), then --messages back to
#               back (deliveries per second, the nodes' and Redis's CPU per message)
#   restart     the same subscribers; one message every --restart-interval-ms for
#               --restart-messages while Redis is killed (SIGKILL) --kill-after seconds into them
#               and started again --down seconds later: what the publishing node saw (publishes
#               failed fast), what the subscribers saw (gaps in the sequence numbers) and what
#               the nodes told them (onMissed)
#   burst       --burst-subscribers over the nodes; --burst-messages of --burst-size bytes back
#               to back, while CLIENT LIST is polled for the nodes' subscribing connections'
#               output buffers on Redis (client-output-buffer-limit pubsub 32mb 8mb 60); with
#               --stall S, node C is stopped (SIGSTOP) for S seconds a second into the burst, as
#               a long GC pause or a starved CPU would stop it, so that Redis must hold its share
#
#   bench/cluster.sh                              # all three parts, three repetitions
#   bench/cluster.sh --parts burst --burst-subscribers 1500 --burst-size 1024 --burst-messages 2000
#   bench/cluster.sh --parts burst --stall 3
#
# Redis and the nodes are pinned to CPU 0 (they share it, as one server did in scenario 6), the
# drivers to CPU 1. Needs redis-server and redis-cli (Redis 6 or later) on the PATH.
set -euo pipefail

usage() {
  sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'
  cat <<'EOF'
options (defaults in brackets):
  --parts LIST            throughput,restart,burst [all three]
  --reps N                repetitions of each part [3]
  --subscribers N         subscribers over the three nodes, throughput and restart [1500]
  --warmup N              back-to-back messages before the fixed rate, not timed [200]
  --paced N               fixed-rate messages in throughput [1500]
  --interval-ms MS        their interval [10]
  --messages N            back-to-back messages in throughput [1000]
  --restart-messages N    messages in restart [1500]
  --restart-interval-ms MS  their interval [10]
  --kill-after S          seconds into them Redis is killed [4]
  --down S                seconds it stays down [2]
  --burst-subscribers N   subscribers over the three nodes in burst [30]
  --burst-messages N      messages in burst [4000]
  --burst-size BYTES      their size [16384]
  --stall S               seconds node C is stopped during the burst [0]
  --no-watch              burst without polling CLIENT LIST (which costs Redis CPU): for
                          Redis's CPU per message
  --redis-port PORT       where Redis listens [26379]
  --out DIR               logs and results.txt [bench/results/cluster-<time>]
EOF
}

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

parts=throughput,restart,burst
reps=3
subscribers=1500
warmup=200
paced=1500
interval=10
messages=1000
restart_messages=1500
restart_interval=10
kill_after=4
down=2
burst_subscribers=30
burst_messages=4000
burst_size=16384
stall=0
watch_buffers=1
redis_port=26379
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --parts) parts=$2; shift 2 ;;
    --reps) reps=$2; shift 2 ;;
    --subscribers) subscribers=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --paced) paced=$2; shift 2 ;;
    --interval-ms) interval=$2; shift 2 ;;
    --messages) messages=$2; shift 2 ;;
    --restart-messages) restart_messages=$2; shift 2 ;;
    --restart-interval-ms) restart_interval=$2; shift 2 ;;
    --kill-after) kill_after=$2; shift 2 ;;
    --down) down=$2; shift 2 ;;
    --burst-subscribers) burst_subscribers=$2; shift 2 ;;
    --burst-messages) burst_messages=$2; shift 2 ;;
    --burst-size) burst_size=$2; shift 2 ;;
    --stall) stall=$2; shift 2 ;;
    --no-watch) watch_buffers=0; shift ;;
    --redis-port) redis_port=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done

source "$root/bench/lib.sh"
out="${out:-$root/bench/results/cluster-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$out/logs"
results="$out/results.txt"
: > "$results"
command -v redis-server >/dev/null || die "redis-server is needed (Debian: apt-get install redis-server)"
ulimit -n "$(ulimit -Hn)"
build_jar
redis_uri="redis://127.0.0.1:$redis_port"
NODES=(a b c)

start_redis() { # logfile: (re)starts Redis on its port, pinned with the nodes; sets redis_pid
  # The pubsub limit is Redis's default, named so that the figure it is measured against is
  # the one in the log.
  taskset -c "$SERVER_CPU" redis-server --port "$redis_port" --bind 127.0.0.1 --save '' \
    --appendonly no --client-output-buffer-limit "pubsub 32mb 8mb 60" >> "$1" 2>&1 &
  redis_pid=$!
  started+=("$redis_pid")
  local i
  for i in $(seq 100); do
    redis-cli -p "$redis_port" ping > /dev/null 2>&1 && return 0
    sleep 0.05
  done
  die "Redis did not start; see $1"
}

redis_cpu_us() { # Redis's own CPU time so far (user + system), in microseconds
  redis-cli -p "$redis_port" info cpu \
    | awk -F: '/^used_cpu_(sys|user):/ {s += $2} END {printf "%.0f", s * 1e6}'
}

node_command() { # name port: sets cmd
  cmd=("$java" "${JVM_FLAGS[@]}" -cp "$jar" io.sockjet.bench.peers.SockjetFanoutServer "$2"
    --redis "$redis_uri" --name "node-$1")
}

uptime_ns() { # the monotonic clock, as nanoTime reads it, to 10 ms (see BENCHMARKS.md)
  awk '{printf "%.0f", $1 * 1e9}' /proc/uptime
}

# One run: Redis, the three nodes, subscribers on each, then the publisher on node A. Sets
# node_pids, node_ports, sub_pids, sub_logs, server_pids, publisher.
start_cluster() { # name connections-per-node timeout-s subscriber-options...
  local name=$1 per_node=$2 timeout=$3 i
  shift 3
  start_redis "$out/logs/$name.redis.log"
  node_pids=() node_ports=() sub_pids=() sub_logs=()
  for i in "${NODES[@]}"; do
    start_server "$i" "$out/logs/$name.node-$i.log" node_command || die "node $i did not start"
    node_pids+=("$server_pid") node_ports+=("$port")
  done
  server_pids=$(IFS=,; echo "${node_pids[*]}")
  for i in 0 1 2; do
    sub_logs+=("$out/logs/$name.subscribers-${NODES[$i]}.log")
    taskset -c "$DRIVER_CPU" "$java" "${DRIVER_FLAGS[@]}" -cp "$jar" \
      io.sockjet.bench.load.BroadcastLoad --role subscriber --port "${node_ports[$i]}" \
      --connections "$per_node" --timeout "$timeout" --linger 1 --server-pid "$server_pids" \
      --peer "node-${NODES[$i]}" --scenario cluster "$@" > "${sub_logs[$i]}" 2>&1 &
    sub_pids+=($!)
    started+=($!)
  done
  for i in 0 1 2; do
    wait_for "${sub_logs[$i]}" '^READY' "${sub_pids[$i]}" 300 || die "subscribers did not connect: ${sub_logs[$i]}"
  done
  sleep 1 # every node's SUBSCRIBE confirmed by Redis (milliseconds), the storm settled
}

publish() { # name publisher-options...: starts the publisher on node A; sets publisher
  local name=$1
  shift
  taskset -c "$DRIVER_CPU" "$java" "${DRIVER_FLAGS[@]}" -cp "$jar" \
    io.sockjet.bench.load.BroadcastLoad --role publisher --port "${node_ports[0]}" \
    --server-pid "$server_pids" --timeout 600 "$@" > "$out/logs/$name.publisher.log" 2>&1 &
  publisher=$!
  started+=("$publisher")
}

start_watch() { # name: polls CLIENT LIST (RedisClientWatch) until stop_watch; sets watch
  taskset -c "$DRIVER_CPU" "$java" -Xmx256m -cp "$jar" io.sockjet.bench.load.RedisClientWatch \
    --uri "$redis_uri" --interval-ms 1 > "$out/logs/$1.watch.log" 2>&1 &
  watch=$!
  started+=("$watch")
  wait_for "$out/logs/$1.watch.log" '^READY' "$watch" 30 || die "the watch did not start"
}

finish_cluster() { # waits for the subscribers, then stops everything; the nodes print STATS
  local pid
  for pid in "${sub_pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  stop "$publisher"
  for pid in "${node_pids[@]}"; do
    stop "$pid"
  done
  stop "$redis_pid"
}

field() { # key file...: the values of key= in the RESULT lines of the files, one a line
  local key=$1
  shift
  grep -h '^RESULT' "$@" | tr ' ' '\n' | sed -n "s/^$key=//p"
}

sum() { field "$@" | awk '{s += $1} END {print s + 0}'; }

node_stats() { # logfile: the node's last STATS line, without its time
  grep '^STATS' "$1" | tail -1 | cut -d' ' -f3-
}

run_throughput() { # rep
  local name="throughput-r$1" per=$((subscribers / 3)) r0 r1 t0=() t1=() i all c sent publish_us
  start_cluster "$name" "$per" $((paced * interval / 1000 + 120)) --warmup "$warmup" \
    --paced "$paced" --interval-ms "$interval" --messages "$messages"
  r0=$(redis_cpu_us)
  for i in 0 1 2; do t0+=("$(ticks "${node_pids[$i]}")"); done
  # Two seconds for the warm-up's deliveries to drain before the fixed rate starts.
  publish "$name" --warmup "$warmup" --settle-ms 2000 --paced "$paced" --interval-ms "$interval" \
    --messages "$messages"
  for i in 0 1 2; do wait "${sub_pids[$i]}" 2>/dev/null || true; done
  r1=$(redis_cpu_us)
  for i in 0 1 2; do t1+=("$(ticks "${node_pids[$i]}")"); done
  # Redis's time inside PUBLISH (queueing the message for each subscribed node), per call; its
  # writes to the nodes' sockets come after the command, in its event loop, and are not in it.
  publish_us=$(redis-cli -p "$redis_port" info commandstats \
    | sed -n 's/^cmdstat_publish:.*usec_per_call=\([0-9.]*\).*/\1/p')
  sent=$((warmup + paced + messages))
  all=$("$java" -cp "$jar" io.sockjet.bench.compare.BroadcastSummary cluster all \
    "$out/logs/$name.publisher.log" "${sub_logs[@]}")
  c=$("$java" -cp "$jar" io.sockjet.bench.compare.BroadcastSummary cluster a-to-c \
    "$out/logs/$name.publisher.log" "${sub_logs[2]}")
  {
    echo "$all part=throughput rep=$1 rate_per_s=$((1000 / interval)) redis_us_per_message=$(
      awk -v d=$((r1 - r0)) -v n="$sent" 'BEGIN {printf "%.1f", d / n}') redis_publish_us_per_call=$publish_us node_cpu_s=$(
      paste <(printf '%s\n' "${t0[@]}") <(printf '%s\n' "${t1[@]}") \
        | awk '{printf "%s%.2f", (NR > 1 ? "," : ""), ($2 - $1) / 100}') gap_messages=$(
      sum gap_messages "${sub_logs[@]}") tail_missing=$(sum tail_missing "${sub_logs[@]}")"
    echo "$c part=throughput rep=$1"
  } | tee -a "$results" | sed "s/^/[$name] /" >&2
  finish_cluster
}

run_restart() { # rep
  local name="restart-r$1" per=$((subscribers / 3)) i killed restarted
  # The subscribers cannot count on every message coming: they stop at their timeout.
  local timeout=$((restart_messages * restart_interval / 1000 + 12))
  start_cluster "$name" "$per" "$timeout" --warmup 5 --paced "$restart_messages" \
    --interval-ms "$restart_interval" --messages 0
  publish "$name" --warmup 5 --paced "$restart_messages" --interval-ms "$restart_interval" \
    --messages 0
  sleep "$kill_after"
  kill -9 "$redis_pid"
  killed=$(uptime_ns)
  wait "$redis_pid" 2>/dev/null || true
  sleep "$down"
  start_redis "$out/logs/$name.redis.log"
  restarted=$(uptime_ns)
  for i in 0 1 2; do wait "${sub_pids[$i]}" 2>/dev/null || true; done
  finish_cluster
  {
    echo "RESULT kind=cluster-restart part=restart rep=$1 subscribers=$((3 * per)) messages=$((5 + restart_messages)) killed_ns=$killed restarted_ns=$restarted"
    for i in 0 1 2; do
      echo "RESULT kind=cluster-restart-node part=restart rep=$1 node=${NODES[$i]} $(node_stats "$out/logs/$name.node-${NODES[$i]}.log") $(
        grep -h '^RESULT' "${sub_logs[$i]}" | tr ' ' '\n' \
          | grep -E '^(received|expected|gaps|gap_messages|gap_first|gap_last|connections_with_gaps|backwards|tail_missing)=' \
          | tr '\n' ' ')"
    done
  } | tee -a "$results" | sed "s/^/[$name] /" >&2
  grep -h '^STATS' "$out/logs/$name.node-a.log" | sed "s/^/[$name node-a] /" >&2
}

run_burst() { # rep
  local name="burst-r$1" per=$((burst_subscribers / 3)) i r0 r1 t0=() t1=()
  start_cluster "$name" "$per" 30 --warmup 5 --paced 0 --messages "$burst_messages" \
    --size "$burst_size"
  if [ "$watch_buffers" = 1 ]; then
    start_watch "$name"
  else
    watch=""
    echo "RESULT kind=redis-client name=none" > "$out/logs/$name.watch.log"
  fi
  r0=$(redis_cpu_us)
  for i in 0 1 2; do t0+=("$(ticks "${node_pids[$i]}")"); done
  # The burst starts 0.3 s after the publisher's JVM (its three intervals of 100 ms).
  publish "$name" --warmup 5 --paced 0 --interval-ms 100 --messages "$burst_messages" \
    --size "$burst_size"
  if [ "$stall" != 0 ]; then
    sleep 1.5
    kill -STOP "${node_pids[2]}"
    sleep "$stall"
    kill -CONT "${node_pids[2]}"
  fi
  for i in 0 1 2; do wait "${sub_pids[$i]}" 2>/dev/null || true; done
  r1=$(redis_cpu_us)
  for i in 0 1 2; do t1+=("$(ticks "${node_pids[$i]}")"); done
  [ -z "$watch" ] || stop "$watch"
  finish_cluster
  {
    for i in 0 1 2; do
      echo "RESULT kind=cluster-burst part=burst rep=$1 node=${NODES[$i]} size=$burst_size messages=$burst_messages stall_s=$stall redis_us_per_message=$(
        awk -v d=$((r1 - r0)) -v n=$((burst_messages + 5)) 'BEGIN {printf "%.1f", d / n}') node_cpu_s=$(
        echo "(${t1[$i]} - ${t0[$i]}) / 100" | bc -l | xargs printf '%.2f') watched=$watch_buffers $(
        grep -h "^RESULT.* name=node-${NODES[$i]}-sub " "$out/logs/$name.watch.log" | cut -d' ' -f3-) $(
        node_stats "$out/logs/$name.node-${NODES[$i]}.log") $(
        grep -h '^RESULT' "${sub_logs[$i]}" | tr ' ' '\n' \
          | grep -E '^(received|expected|gap_messages|tail_missing|first_ns|last_ns)=' | tr '\n' ' ')"
    done
  } | tee -a "$results" | sed "s/^/[$name] /" >&2
}

{
  echo "command: bench/cluster.sh --parts $parts --reps $reps --subscribers $subscribers --warmup $warmup --paced $paced --interval-ms $interval --messages $messages --restart-messages $restart_messages --restart-interval-ms $restart_interval --kill-after $kill_after --down $down --burst-subscribers $burst_subscribers --burst-messages $burst_messages --burst-size $burst_size --stall $stall"
  environment
  echo "redis: $(redis-server --version)"
} | tee "$out/environment.txt" >&2

IFS=, read -r -a part_list <<< "$parts"
for rep in $(seq "$reps"); do
  for part in "${part_list[@]}"; do
    log "repetition $rep/$reps: $part"
    case "$part" in
      throughput) run_throughput "$rep" ;;
      restart) run_restart "$rep" ;;
      burst) run_burst "$rep" ;;
      *) die "unknown part: $part" ;;
    esac
  done
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/environment.txt" >&2
log "results in $results"
