#!/usr/bin/env bash
# Profiles Sockjet's echo server under one echo load with JFR and prints where it allocates and
# where its loop spends CPU. Usage:
#   bench/profile.sh [connections] [bytes] [text|binary] [in-flight] [seconds]
# Defaults: scenario 1 of bench/compare.sh in binary (100 connections, 32 B, 16 in flight, 8 s).
# Server on CPU 0, driver on CPU 1 (as compare.sh). Needs the bench jar:
#   ./mvnw -q -B -DskipTests -pl sockjet-bench -am package
set -euo pipefail
cd "$(dirname "$0")/.."
connections=${1:-100} size=${2:-32} type=${3:-binary} inflight=${4:-16} seconds=${5:-8}
jar=sockjet-bench/target/benchmarks.jar
[ -f "$jar" ] || { echo "build the bench jar first" >&2; exit 1; }
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
# `jfr view` needs JDK 21+; use the newest JDK on the machine for reading the recording.
jfr=$(ls -d /usr/lib/jvm/*/bin/jfr 2>/dev/null | sort -V | tail -1)
out=$(mktemp -d)
port=${BENCH_PORT:-23900}
taskset -c 0 "$java" -Xms1g -Xmx1g -XX:+UseG1GC \
  -XX:StartFlightRecording=filename="$out/server.jfr",settings=profile \
  -cp "$jar" io.sockjet.bench.peers.SockjetEchoServer "$port" > "$out/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q '^READY' "$out/server.log" && break; sleep 0.1; done
taskset -c 1 "$java" -Xms1g -Xmx1g -XX:+UseParallelGC -cp "$jar" io.sockjet.bench.load.EchoLoad \
  --port "$port" --connections "$connections" --size "$size" --type "$type" \
  --in-flight "$inflight" --seconds "$seconds" --warmup 3 --server-pid "$server" --peer sockjet \
  --scenario 0 | grep -v '^RESULT'
jcmd "$server" JFR.dump filename="$out/server.jfr" > /dev/null
kill "$server"; wait "$server" 2>/dev/null || true
"$jfr" view --width 140 allocation-by-site "$out/server.jfr" | head -16
"$jfr" view --width 140 hot-methods "$out/server.jfr" | head -20
echo "recording: $out/server.jfr"
