#!/usr/bin/env bash
# Session load + save round trips: Cachalot's session store against Spring Session Data Redis's
# RedisSessionRepository and RedisIndexedSessionRepository, on the same server in one run.
#
# usage: bench/session-compare.sh [rounds=3] [seconds=5] [threads=16]
#   PORT=<port> to use a running server (Cachalot or Redis); default: an in-process Cachalot.
# Output (CSV): repository,round_trips_per_s (median),ratio_of_cachalot_to_it
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
SECONDS_PER_RUN=${2:-5}
THREADS=${3:-16}
. .mvn/java-home.sh
JAVA=$(cachalot_find_java) || { echo "a JDK 21+ is needed" >&2; exit 2; }
./mvnw -q -pl session-store -am install -DskipTests >/dev/null
./mvnw -q -pl session-store test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
CP="session-store/target/test-classes:session-store/target/classes:$(cat session-store/target/bench.classpath)"
raw=$(mktemp)
"$JAVA" -cp "$CP" io.cachalot.session.bench.SessionRoundTripBenchmark "${PORT:-0}" "$ROUNDS" "$SECONDS_PER_RUN" "$THREADS" | tee "$raw" >&2
echo "repository,round_trips_per_s,cachalot_ratio"
awk -F, 'NR > 1 { v[$1] = v[$1] " " $3 } END {
  for (r in v) { n = split(v[r], a, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    med[r] = (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
  for (r in med) printf "%s,%d,%.2f\n", r, med[r], med["cachalot"] / med[r] }' "$raw" | sort
rm -f "$raw"
