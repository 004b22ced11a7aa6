#!/usr/bin/env bash
# measure.sh LABEL N1 N2 -- JVM flags...   : one Sockjet echo server (pinned to CPU 0, like
# bench/lib.sh), empty -> N1 -> N2 idle connections from one Python client process; at each point:
# jcmd GC.run, /proc/<pid>/status, smaps, GC.heap_info, NMT summary (+ summary.diff vs the
# previous point), thread count, /proc/net/sockstat.
# Results go to bench/rss/runs/LABEL (not committed); attrib.py and table.py read them from there.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
label=$1 n1=$2 n2=$3; shift 4
J=${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}/bin
jar=${BENCH_JAR:-$here/../../sockjet-bench/target/benchmarks.jar}
out=$here/runs/$label; rm -rf "$out"; mkdir -p "$out"
port=$((24000 + RANDOM % 5000))
echo "flags: $* ; java: $($J/java -version 2>&1 | head -1)" > "$out/flags"
taskset -c 0 $J/java -XX:NativeMemoryTracking=summary "$@" -cp $jar \
  io.sockjet.bench.peers.SockjetEchoServer $port > "$out/server.log" 2>&1 &
spid=$!; echo "server pid $spid port $port"
for i in $(seq 300); do grep -q "^READY" "$out/server.log" && break; sleep 0.1; done
sleep 2
point() { # name
  local p=$out/$1
  $J/jcmd $spid GC.run > /dev/null; sleep 1
  cat /proc/$spid/status > $p.status
  if [ -n "${TRIM:-}" ]; then $J/jcmd $spid System.trim_native_heap > $p.trim; sleep 0.5; cat /proc/$spid/status > $p.status.trimmed; fi
  cat /proc/$spid/smaps > $p.smaps
  cat /proc/net/sockstat > $p.sockstat
  $J/jcmd $spid GC.heap_info > $p.heap
  $J/jcmd $spid VM.native_memory summary > $p.nmt
  [ "$1" != p0 ] && $J/jcmd $spid VM.native_memory summary.diff > $p.nmtdiff
  $J/jcmd $spid VM.native_memory baseline > /dev/null
  $J/jcmd $spid Thread.print | grep -c '^"' > $p.threads
  ss -tnH state established "( sport = :$port )" | wc -l > $p.live
  ls /proc/$spid/fd | wc -l > $p.fds
  [ -n "${TRIM:-}" ] && echo "   trimmed: $(grep -E '^(VmRSS|RssAnon)' $p.status.trimmed | tr -s ' \t' ' ' | tr '\n' ' ') $(tail -1 $p.trim)"
  echo "$1: live=$(cat $p.live) fds=$(cat $p.fds) threads=$(cat $p.threads) $(grep -E '^(VmRSS|RssAnon|RssFile)' $p.status | tr -s ' \t' ' ' | tr '\n' ' ')"
}
point p0
coproc CL { taskset -c 1 python3 "$here/idle_clients.py" $port $n1 2> "$out/clients.err"; }
clpid=$CL_PID
read -r line <&"${CL[0]}"; echo "clients: $line"; sleep 2
point p1
echo "more $((n2 - n1))" >&"${CL[1]}"
read -r line <&"${CL[0]}"; echo "clients: $line"; sleep 2
point p2
if [ -n "${HOLD:-}" ]; then sleep "$HOLD"; fi
exec {CL[1]}>&-; sleep 1; kill $clpid 2>/dev/null; wait $clpid 2>/dev/null
kill $spid; sleep 1; kill -9 $spid 2>/dev/null; wait $spid 2>/dev/null
echo done
