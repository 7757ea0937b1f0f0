#!/usr/bin/env bash
# Memcached-protocol throughput of Cachalot's memcached engine against a reference memcached,
# side by side in one run.
#
# usage: bench/mc-compare.sh [rounds=4]
#   Builds cache-server/target/cachalot-server.jar if missing, starts it with its memcached
#   engine on MC_PORT (12212; RESP on CACHALOT_PORT, 7380) with JAVA_OPTS and IO_THREADS event
#   loops (default 2: as many threads as the reference), starts a reference `memcached` on
#   REF_PORT (12211; 1 GB, 2 threads) unless one already answers there, and
#   runs the team's memcached comparison (mc-compare.sh of BENCH_DIR, default ../shared/bench:
#   SET and GET at p1 and p16, 50 connections, 100,000 keys, 64 B values, A/B alternating).
# Output (CSV): as mc-compare.sh — medians per side, ratio A(Cachalot)/B(memcached), ranges.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-4}
BENCH_DIR=${BENCH_DIR:-../shared/bench}
MC_PORT=${MC_PORT:-12212}
CACHALOT_PORT=${CACHALOT_PORT:-7380}
REF_PORT=${REF_PORT:-12211}
JAVA_OPTS=${JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC}
IO_THREADS=${IO_THREADS:-2}
. .mvn/java-home.sh
JAVA=$(cachalot_find_java) || { echo "a JDK 21+ is needed" >&2; exit 2; }
[ -x "$BENCH_DIR/mc-compare.sh" ] || { echo "no mc-compare.sh in $BENCH_DIR (set BENCH_DIR)" >&2; exit 2; }
command -v memcached >/dev/null || { echo "memcached is needed as the reference (Debian: memcached)" >&2; exit 2; }
[ -f cache-server/target/cachalot-server.jar ] || ./mvnw -q -pl cache-server -am package -DskipTests

pids=()
cleanup() { for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# shellcheck disable=SC2086
"$JAVA" --enable-native-access=ALL-UNNAMED $JAVA_OPTS -jar cache-server/target/cachalot-server.jar \
    --port "$CACHALOT_PORT" --memcached-port "$MC_PORT" --bind 127.0.0.1 --save "" --io-threads "$IO_THREADS" \
    >/tmp/cachalot-mc-bench.log 2>&1 &
pids+=($!)
if ! answers "$REF_PORT"; then
    memcached -l 127.0.0.1 -p "$REF_PORT" -U 0 -m 1024 -t 2 -u "$(id -un)" >/tmp/memcached-bench.log 2>&1 &
    pids+=($!)
fi
for port in "$MC_PORT" "$REF_PORT"; do
    for _ in $(seq 50); do answers "$port" && break; sleep 0.2; done
done
"$BENCH_DIR/mc-compare.sh" 127.0.0.1 "$MC_PORT" 127.0.0.1 "$REF_PORT" "$ROUNDS"
