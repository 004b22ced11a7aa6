#!/usr/bin/env bash
# Profiles a Sockjet server under one load with JFR and prints where it allocates and where its
# loop spends CPU. Usage:
#   bench/profile.sh [connections] [bytes] [text|binary] [in-flight] [seconds]
#   bench/profile.sh fanout [topic|broadcast] [messages]
# The first form: the echo server under an echo load; defaults: scenario 1 of bench/compare.sh in
# binary (100 connections, 32 B, 16 in flight, 8 s). The second: the fan-out server (publishing
# to a topic, or broadcasting) under scenario 6's load with a longer burst (10,000 subscribers
# in two processes, 1,000 messages back to back by default), so that the burst dominates the
# recording. Server on CPU 0, drivers on CPU 1 (as compare.sh). Needs the bench jar:
#   ./mvnw -q -B -DskipTests -pl sockjet-bench -am package
set -euo pipefail
cd "$(dirname "$0")/.."
jar=sockjet-bench/target/benchmarks.jar
[ -f "$jar" ] || { echo "build the bench jar first" >&2; exit 1; }
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
# `jfr view` needs JDK 21+; use the newest JDK on the machine for reading the recording.
jfr=$(ls -d /usr/lib/jvm/*/bin/jfr 2>/dev/null | sort -V | tail -1)
out=$(mktemp -d)
port=${BENCH_PORT:-23900}
driver=(taskset -c 1 "$java" -Xms1g -Xmx1g -XX:+UseParallelGC -cp "$jar")
if [ "${1:-}" = fanout ]; then
  variant=${2:-topic} messages=${3:-1000}
  main=(io.sockjet.bench.peers.SockjetFanoutServer "$port" "$variant")
  ulimit -n "$(ulimit -Hn)" # 10,000 subscribers: 5,000 sockets per process
else
  connections=${1:-100} size=${2:-32} type=${3:-binary} inflight=${4:-16} seconds=${5:-8}
  main=(io.sockjet.bench.peers.SockjetEchoServer "$port")
fi
taskset -c 0 "$java" -Xms1g -Xmx1g -XX:+UseG1GC \
  -XX:StartFlightRecording=filename="$out/server.jfr",settings=profile \
  -cp "$jar" "${main[@]}" > "$out/server.log" 2>&1 &
server=$!
pids=("$server")
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q '^READY' "$out/server.log" && break; sleep 0.1; done
if [ "${1:-}" = fanout ]; then
  load=(io.sockjet.bench.load.BroadcastLoad --port "$port" --messages "$messages"
    --server-pid "$server" --timeout 300)
  receivers=()
  for i in 1 2; do
    "${driver[@]}" "${load[@]}" --role subscriber --connections 5000 --linger 1 \
      > "$out/subscribers$i.log" 2>&1 &
    receivers+=($!)
    pids+=($!)
    until grep -qs '^READY' "$out/subscribers$i.log"; do
      kill -0 "${receivers[-1]}" 2>/dev/null || { cat "$out/subscribers$i.log"; exit 1; }
      sleep 0.1
    done
  done
  "${driver[@]}" "${load[@]}" --role publisher > "$out/publisher.log" 2>&1 &
  pids+=($!)
  wait "${receivers[@]}"
  "$java" -cp "$jar" io.sockjet.bench.compare.BroadcastSummary 6 "sockjet-$variant" \
    "$out/publisher.log" "$out"/subscribers*.log
else
  "${driver[@]}" io.sockjet.bench.load.EchoLoad \
    --port "$port" --connections "$connections" --size "$size" --type "$type" \
    --in-flight "$inflight" --seconds "$seconds" --warmup 3 --server-pid "$server" --peer sockjet \
    --scenario 0 | grep -v '^RESULT'
fi
jcmd "$server" JFR.dump filename="$out/server.jfr" > /dev/null
kill "$server"; wait "$server" 2>/dev/null || true
"$jfr" view --width 140 allocation-by-site "$out/server.jfr" | head -16
"$jfr" view --width 140 hot-methods "$out/server.jfr" | head -20
echo "recording: $out/server.jfr"
