#!/usr/bin/env bash
# PUBLISH fan-out of Cachalot against a reference redis-server, side by side in one run:
# one publisher (pipelining 64 PUBLISH at a time), SUBSCRIBERS subscribers of one channel.
#
# usage: bench/pubsub-fanout.sh [rounds=4]
#   Starts cache-server/target/cachalot-server.jar (built if missing) on CACHALOT_PORT (7380)
#   with JAVA_OPTS and a reference redis-server on REF_PORT (7379) unless one answers there,
#   warms the JVM up, then runs bench/PubSubFanout.java against each, alternating which goes
#   first, and prints the median deliveries per second and ratio.
#   Environment: SUBSCRIBERS (50), MESSAGES (200000), PAYLOAD (64), JAVA_OPTS, CACHALOT_PORT, REF_PORT.
# Output (CSV): test,cachalot_deliveries_per_s,redis_deliveries_per_s,ratio,ratio_min,ratio_max
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-4}
SUBSCRIBERS=${SUBSCRIBERS:-50}
MESSAGES=${MESSAGES:-200000}
PAYLOAD=${PAYLOAD:-64}
CACHALOT_PORT=${CACHALOT_PORT:-7380}
REF_PORT=${REF_PORT:-7379}
JAVA_OPTS=${JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC}
. .mvn/java-home.sh
JAVA=$(cachalot_find_java) || { echo "a JDK 21+ is needed" >&2; exit 2; }
[ -f cache-server/target/cachalot-server.jar ] || ./mvnw -q -pl cache-server -am package -DskipTests

pids=()
cleanup() { for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# shellcheck disable=SC2086
"$JAVA" --enable-native-access=ALL-UNNAMED $JAVA_OPTS -jar cache-server/target/cachalot-server.jar --port "$CACHALOT_PORT" \
    --bind 127.0.0.1 --save "" >/tmp/cachalot-fanout.log 2>&1 &
pids+=($!)
if ! redis-cli -p "$REF_PORT" ping >/dev/null 2>&1; then
    redis-server --port "$REF_PORT" --bind 127.0.0.1 --save "" --appendonly no >/tmp/redis-fanout.log 2>&1 &
    pids+=($!)
fi
for port in "$CACHALOT_PORT" "$REF_PORT"; do
    for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.2; done
done

run() { "$JAVA" bench/PubSubFanout.java "$1" "$SUBSCRIBERS" "$MESSAGES" "$PAYLOAD" | cut -d, -f1; }

echo "warming up the JVM..." >&2
run "$CACHALOT_PORT" >/dev/null
run "$CACHALOT_PORT" >/dev/null

raw=$(mktemp)
for round in $(seq "$ROUNDS"); do
    if [ $((round % 2)) -eq 1 ]; then a=$(run "$CACHALOT_PORT"); b=$(run "$REF_PORT"); else b=$(run "$REF_PORT"); a=$(run "$CACHALOT_PORT"); fi
    echo "$a,$b" >>"$raw"
    echo "round $round cachalot=$a redis=$b deliveries/s" >&2
done
echo "test,cachalot_deliveries_per_s,redis_deliveries_per_s,ratio,ratio_min,ratio_max"
sort -t, -k1n "$raw" | awk -F, -v subs="$SUBSCRIBERS" '
{ a[NR] = $1; b[NR] = $2; r[NR] = $1 / $2 }
END {
  n = NR
  for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) {
    if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    if (b[j] < b[i]) { t = b[i]; b[i] = b[j]; b[j] = t }
    if (r[j] < r[i]) { t = r[i]; r[i] = r[j]; r[j] = t } }
  ma = (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  mb = (n % 2) ? b[(n + 1) / 2] : (b[n / 2] + b[n / 2 + 1]) / 2
  mr = (n % 2) ? r[(n + 1) / 2] : (r[n / 2] + r[n / 2 + 1]) / 2
  printf "PUBLISH fan-out x%d,%d,%d,%.2f,%.2f,%.2f\n", subs, ma, mb, mr, r[1], r[n] }'
rm -f "$raw"
