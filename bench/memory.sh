#!/usr/bin/env bash
# Memory per key (or per hash field), loaded into a fresh Cachalot and a fresh redis-server;
# reports the growth of each process's resident set (VmRSS) per item, and the servers' own
# used_memory figure.
#   string: 1,000,000 string keys (16-byte keys "key:000000000001", 32-byte values)
#   hash:   1,000,000 hash fields, 1,000 per key (16-byte keys, fields and 32-byte values)
#
# usage: bench/memory.sh [string|hash] [count=1000000]
#   JAVA_OPTS defaults to the flags README.md states (per mode, below); CACHALOT_PORT 7382, REF_PORT 7381.
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=${1:-string}
case "$MODE" in string|hash) ;; *) echo "usage: $0 [string|hash] [count]" >&2; exit 64 ;; esac
COUNT=${2:-1000000}
CACHALOT_PORT=${CACHALOT_PORT:-7382}
REF_PORT=${REF_PORT:-7381}
# A JVM's resident set is the heap it is given, not the live data: the default heap is sized
# to each dataset with the same headroom (live data ~70-80 % of the heap; Cachalot's dataset
# cap with maxmemory 0 is 80 %), as you would size -Xmx for a cache of known size.
case "$MODE" in string) HEAP=160m ;; hash) HEAP=128m ;; esac
JAVA_OPTS=${JAVA_OPTS:--Xms$HEAP -Xmx$HEAP -XX:+UseSerialGC -Xmn8m}
. .mvn/java-home.sh
JAVA=$(cachalot_find_java) || { echo "a JDK 21+ is needed" >&2; exit 2; }
[ -f cache-server/target/cachalot-server.jar ] || ./mvnw -q -pl cache-server -am package -DskipTests

pids=()
cleanup() { for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

rss() { awk '/VmRSS/ { print $2 * 1024 }' "/proc/$1/status"; }
used() { redis-cli -p "$1" info memory | awk -F: '/^used_memory:/ { print $2 + 0 }'; }
load() { # port
    awk -v n="$COUNT" -v mode="$MODE" 'BEGIN {
        for (i = 1; i <= n; i++) {
            v = sprintf("value-%012d-xxxxxxxxxxxxx", i)
            if (mode == "string") {
                printf "*3\r\n$3\r\nSET\r\n$16\r\n%s\r\n$32\r\n%s\r\n", sprintf("key:%012d", i), v
            } else {
                k = sprintf("hash:%011d", int((i - 1) / 1000) + 1); f = sprintf("fld:%012d", i)
                printf "*4\r\n$4\r\nHSET\r\n$16\r\n%s\r\n$16\r\n%s\r\n$32\r\n%s\r\n", k, f, v
            } } }' \
        | redis-cli -p "$1" --pipe >/dev/null
}
measure() { # name port pid
    local before_rss before_used after_rss after_used
    sleep 1
    before_rss=$(rss "$3"); before_used=$(used "$2")
    load "$2"
    sleep 2
    after_rss=$(rss "$3"); after_used=$(used "$2")
    echo "$1,$(redis-cli -p "$2" dbsize),$before_rss,$after_rss,$(( (after_rss - before_rss) / COUNT )),$(( (after_used - before_used) / COUNT ))"
}

# shellcheck disable=SC2086
"$JAVA" --enable-native-access=ALL-UNNAMED $JAVA_OPTS -jar cache-server/target/cachalot-server.jar --port "$CACHALOT_PORT" --bind 127.0.0.1 --save "" \
    >/tmp/cachalot-memory.log 2>&1 &
pids+=($!); cpid=$!
redis-server --port "$REF_PORT" --bind 127.0.0.1 --save "" --appendonly no >/tmp/redis-memory.log 2>&1 &
pids+=($!); rpid=$!
for port in "$CACHALOT_PORT" "$REF_PORT"; do
    for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.2; done
done
echo "server,keys,rss_before,rss_after,rss_bytes_per_item,used_memory_bytes_per_item ($MODE)"
measure cachalot "$CACHALOT_PORT" "$cpid"
measure redis "$REF_PORT" "$rpid"
