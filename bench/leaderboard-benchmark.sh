#!/usr/bin/env bash
# Leaderboard benchmark (issue 4): seeds USERS users / ROWS points-log rows into an embedded PostgreSQL,
# then prints the recompute time and GraphQL top-100 / rank / around latencies (p50, p99), one request at a
# time and with concurrent clients.
# Usage, from anywhere: bench/leaderboard-benchmark.sh [USERS] [ROWS]   (default: 1000000 20000000)
# BENCH_JAVA_OPTS passes JVM options, e.g. "-Dbench.clients=1,8,32 -Dbench.seconds=10 -Dbench.explain=true".
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl modules/bench -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=runtime
exec java -Xmx2g ${BENCH_JAVA_OPTS:-} -Dgamification.test.dir="$PWD/modules/bench/target/test-stack" \
  -Dgamification.kafka.lib="$PWD/modules/kafka-broker/target/lib" \
  -cp "modules/bench/target/classes:$(cat modules/bench/target/bench.classpath)" \
  com.gigsy.gamification.bench.LeaderboardBenchmark "$@"
