#!/usr/bin/env bash
# Memory per key: 1,000,000 string keys (16-byte keys "key:000000000001", 32-byte values)
# loaded into a fresh Cachalot and a fresh redis-server; reports the growth of each
# process's resident set (VmRSS) per key, and the servers' own used_memory figure.
#
# usage: bench/memory.sh [count=1000000]
#   JAVA_OPTS defaults to the flags README.md states; CACHALOT_PORT 7382, REF_PORT 7381.
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${1:-1000000}
CACHALOT_PORT=${CACHALOT_PORT:-7382}
REF_PORT=${REF_PORT:-7381}
JAVA_OPTS=${JAVA_OPTS:--Xms160m -Xmx160m -XX:+UseSerialGC -Xmn8m}
. .mvn/java-home.sh
JAVA=$(cachalot_find_java) || { echo "a JDK 21+ is needed" >&2; exit 2; }
[ -f cache-server/target/cachalot-server.jar ] || ./mvnw -q -pl cache-server -am package -DskipTests

pids=()
cleanup() { for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

rss() { awk '/VmRSS/ { print $2 * 1024 }' "/proc/$1/status"; }
used() { redis-cli -p "$1" info memory | awk -F: '/^used_memory:/ { print $2 + 0 }'; }
load() { # port
    awk -v n="$COUNT" 'BEGIN { v = "vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv"
        for (i = 1; i <= n; i++) { k = sprintf("key:%012d", i)
            printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", length(k), k, length(v), v } }' \
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
echo "server,keys,rss_before,rss_after,rss_bytes_per_key,used_memory_bytes_per_key"
measure cachalot "$CACHALOT_PORT" "$cpid"
measure redis "$REF_PORT" "$rpid"
