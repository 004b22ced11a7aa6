# What bench/compare.sh and bench/cluster.sh share: the JVM flags and CPUs of servers and
# drivers, the bench jar (built if older than the sources), logging, and starting and stopping
# the processes a run needs. Sourced, not run; the sourcing script sets `set -euo pipefail` and
# has cd'd to the repository root ($root).

# The same heap and collector for every JVM server. G1 is named because a JVM pinned to one CPU
# would pick SerialGC by itself. The heap is touched up front, so RSS grows only with memory
# outside the heap (the idle scenario's RSS column), not with pages of heap touched by chance.
JVM_FLAGS=(-Xms1g -Xmx1g -XX:+UseG1GC -XX:+AlwaysPreTouch)
# The drivers: a throughput collector (they allocate a little per message and pause no one).
DRIVER_FLAGS=(-Xms1g -Xmx1g -XX:+UseParallelGC)
SERVER_CPU=0
DRIVER_CPU=1

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
jar="$root/sockjet-bench/target/benchmarks.jar"

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
die() { log "error: $*"; exit 1; }

command -v taskset >/dev/null || die "taskset (util-linux) is needed to pin servers and drivers"

build_jar() { # builds the bench jar if it is missing or older than a source
  if [ ! -f "$jar" ] || [ -n "$(find sockjet-*/src/main pom.xml sockjet-*/pom.xml -newer "$jar" -print -quit)" ]; then
    log "building $jar"
    ./mvnw -q -B -DskipTests -pl sockjet-bench -am package
  fi
}

# Every process a script starts, so an interrupted run leaves none behind.
started=()
cleanup() {
  for pid in "${started[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Listening ports below the ephemeral range (32768+), a new one per server: the previous run's
# connections may still be in TIME_WAIT on the old one.
next_port=${BENCH_PORT:-23100}

wait_for() { # file pattern pid timeout-seconds: succeeds once the file holds the pattern
  local deadline=$((SECONDS + $4))
  until grep -q "$2" "$1" 2>/dev/null; do
    kill -0 "$3" 2>/dev/null || return 1
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.1
  done
}

stop() { # pid: TERM, then KILL if it has not gone within 10 s
  local pid=$1 i
  kill "$pid" 2>/dev/null || return 0
  for i in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

start_server() { # peer logfile command-function: sets server_pid and port
  # The function sets cmd for (peer, port) and fails for a peer it has no server for.
  local attempt
  for attempt in 1 2 3 4 5; do
    port=$next_port
    next_port=$((next_port + 1))
    if ! "$3" "$1" "$port"; then
      log "$1 has no server for this scenario; skipped"
      return 1
    fi
    taskset -c "$SERVER_CPU" "${cmd[@]}" > "$2" 2>&1 &
    server_pid=$!
    started+=("$server_pid")
    if wait_for "$2" "^READY $port" "$server_pid" 60; then
      return 0
    fi
    stop "$server_pid"
    grep -qi "address already in use" "$2" || break
  done
  log "$1 did not start; see $2"
  return 1
}

ticks() { # pid: user + system clock ticks (fields 14, 15 of /proc/pid/stat)
  sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'
}

environment() { # what the machine was when a run started, on standard output
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpu: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; memory $(free -g | awk '/^Mem:/ {print $2}') GiB"
  echo "jdk: $("$java" -version 2>&1 | head -2 | tail -1)"
  echo "server JVM flags: ${JVM_FLAGS[*]}; pinned to CPU $SERVER_CPU"
  echo "driver JVM flags: ${DRIVER_FLAGS[*]}; pinned to CPU $DRIVER_CPU"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
}
