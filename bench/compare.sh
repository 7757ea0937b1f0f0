#!/usr/bin/env bash
# Throughput of Cachalot against a reference redis-server, side by side in one run.
#
# usage: bench/compare.sh [rounds=4]
#   Builds cache-server/target/cachalot-server.jar if missing, starts it on CACHALOT_PORT
#   (7380) with JAVA_OPTS, starts a reference `redis-server` on REF_PORT (7379) unless one
#   already answers there, warms the JVM up, then runs redis-benchmark for every test and
#   shape, alternating which server goes first each round, and prints medians and ratios.
#   Environment: TESTS ("set get incr"), N_P1 (200000), N_P16 (2000000), CLIENTS (50),
#   KEYSPACE (100000), DSIZE (64), SHAPES ("p1 p16"), JAVA_OPTS, IO_THREADS (server default), CACHALOT_PORT,
#   REF_PORT.
# Output (CSV): test,shape,cachalot_rps,redis_rps,ratio,ratio_min,ratio_max
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-4}
TESTS=${TESTS:-set get incr}
N_P1=${N_P1:-200000}
N_P16=${N_P16:-2000000}
CLIENTS=${CLIENTS:-50}
KEYSPACE=${KEYSPACE:-100000}
DSIZE=${DSIZE:-64}
CACHALOT_PORT=${CACHALOT_PORT:-7380}
REF_PORT=${REF_PORT:-7379}
IO_THREADS=${IO_THREADS:-}
JAVA_OPTS=${JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC}
. .mvn/java-home.sh
JAVA=$(cachalot_find_java) || { echo "a JDK 21+ is needed" >&2; exit 2; }

command -v redis-benchmark >/dev/null || { echo "redis-benchmark is needed (Debian: redis-tools)" >&2; exit 2; }
[ -f cache-server/target/cachalot-server.jar ] || ./mvnw -q -pl cache-server -am package -DskipTests

pids=()
cleanup() { for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# shellcheck disable=SC2086
"$JAVA" --enable-native-access=ALL-UNNAMED $JAVA_OPTS -jar cache-server/target/cachalot-server.jar --port "$CACHALOT_PORT" --bind 127.0.0.1 \
    --save "" ${IO_THREADS:+--io-threads "$IO_THREADS"} >/tmp/cachalot-bench.log 2>&1 &
pids+=($!)
if ! redis-cli -p "$REF_PORT" ping >/dev/null 2>&1; then
    redis-server --port "$REF_PORT" --bind 127.0.0.1 --save "" --appendonly no >/tmp/redis-bench.log 2>&1 &
    pids+=($!)
fi
for port in "$CACHALOT_PORT" "$REF_PORT"; do
    for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.2; done
done

run() { # port test pipeline requests -> rps
    timeout 120 redis-benchmark -p "$1" -t "$2" -P "$3" -n "$4" -c "$CLIENTS" -r "$KEYSPACE" -d "$DSIZE" --csv 2>/dev/null \
        | tail -1 | cut -d, -f2 | tr -d '"'
}

echo "warming up the JVM..." >&2
for t in $TESTS; do run "$CACHALOT_PORT" "$t" 16 "$N_P16" >/dev/null; run "$CACHALOT_PORT" "$t" 1 "$N_P1" >/dev/null; done

raw=$(mktemp)
for round in $(seq "$ROUNDS"); do
    for shape in ${SHAPES:-p1 p16}; do
        if [ "$shape" = p1 ]; then pipe=1; n=$N_P1; else pipe=16; n=$N_P16; fi
        for t in $TESTS; do
            if [ $((round % 2)) -eq 1 ]; then
                a=$(run "$CACHALOT_PORT" "$t" "$pipe" "$n"); b=$(run "$REF_PORT" "$t" "$pipe" "$n")
            else
                b=$(run "$REF_PORT" "$t" "$pipe" "$n"); a=$(run "$CACHALOT_PORT" "$t" "$pipe" "$n")
            fi
            echo "$t,$shape,$a,$b" >>"$raw"
            echo "round $round $t $shape cachalot=$a redis=$b" >&2
        done
    done
done

echo "test,shape,cachalot_rps,redis_rps,ratio,ratio_min,ratio_max"
awk -F, '
function median(arr, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (arr[j] < arr[i]) { t = arr[i]; arr[i] = arr[j]; arr[j] = t }
    return (n % 2) ? arr[(n + 1) / 2] : (arr[n / 2] + arr[n / 2 + 1]) / 2 }
{ k = toupper($1) "," $2; n[k]++; A[k, n[k]] = $3; B[k, n[k]] = $4; R[k, n[k]] = ($4 > 0) ? $3 / $4 : 0
  if (!(k in seen)) { seen[k] = 1; order[++m] = k } }
END {
  for (i = 1; i <= m; i++) { k = order[i]; c = n[k]
    for (j = 1; j <= c; j++) { a[j] = A[k, j]; b[j] = B[k, j]; r[j] = R[k, j] }
    ma = median(a, c); mb = median(b, c); median(r, c)
    ratio = (mb > 0) ? ma / mb : 0
    printf "%s,%.0f,%.0f,%.3f,%.3f,%.3f\n", k, ma, mb, ratio, r[1], r[c]
    split(k, parts, ","); lg[parts[2]] += log(ratio); cnt[parts[2]]++; lg["all"] += log(ratio); cnt["all"]++ }
  for (s in cnt) printf "GEOMEAN,%s,,,%.3f,,\n", s, exp(lg[s] / cnt[s]) }' "$raw"
rm -f "$raw"
