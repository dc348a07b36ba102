#!/usr/bin/env bash
# The one-command benchmark of issue 6. Needs only a JDK 17+ and Maven: it builds the bench module (and what
# it depends on), starts an embedded PostgreSQL and a KRaft broker (as the tests do) and the service as a child JVM
# (so its RSS is its own), runs the sections, prints a table with targets (met/missed) and checks (✓/✗), and
# writes it to bench/results/<UTC timestamp>.md with a chart bench/results/<same>.svg.
#
# Usage, from anywhere:
#   bench/run.sh                      all sections, full size (1,000,000 events over 100,000 users, 20 rules)
#   bench/run.sh --quick              smoke test: all sections, small sizes (50,000 events, 5,000 users, 5 s reads;
#                                     ~3 min) — too small for steady state: its figures are not comparable to the
#                                     full run's, and its report's title and first row say so; beside each figure
#                                     (and in a last column of its table) stands the same figure of the newest full
#                                     run kept in bench/results, measured at steady state
#   bench/run.sh --only throughput --events 200000 --users 20000
#   bench/run.sh --only raw,seed      sections: throughput, backfill, raw, seed, freshness, reads, footprint (comma-separated)
#
# Options (defaults in brackets; --quick lowers the sizes, and explicit options after it still win):
#   --events N             events produced to Kafka, and inserted by the raw section [1000000]
#   --rich-events N        events of the second workload (the plain one's shape, 14 names and 20 rules, 14 of them of the
#                          kinds of CONTRACT §7: conditions, points from an attribute, a window, caps, milestones,
#                          streaks; the other 6 plain), produced after the
#                          plain ones in the throughput section, then --events plain ones again; compared with the mean
#                          of the plain runs before and after it, on a smaller and a bigger database (target ≥ 80 %);
#                          0: none, and no second plain run [--events]
#   --warm-up-events N     events of each workload (plain, then rich) produced and drained before the throughput runs,
#                          not measured, so they run on a warm JIT; their rates are reported; 0: none [--events / 5]
#   --backfill-events N    events stored straight into the inbox for the backfill section, then replayed to one new
#                          points rule by backfillRule (events/s reported beside the live throughput) [--events]
#   --users U              users the events are spread over [100000]
#   --rules R              rules (~70 % one points rule per event name, the rest second rules: badges, titles, points) [20]
#   --clients C            concurrent GraphQL clients, HTTP/1.1 keep-alive [32]
#   --read-seconds S       duration of each read test (profile, leaderboard, rank), idle and during the drain [15],
#                          after a warm-up: idle, until the rate is steady (5 s windows, the last three within 5 %,
#                          10-90 s); during the drain and with --quick, 10 s
#   --freshness-seconds S  duration of the steady stream [30]      --freshness-rate N  its events/s [1000]
#   --freshness-warm-up S  seconds of the same stream before it, not counted: the JIT compiles the stream's paths
#                          (small batches, the probes' queries) meanwhile [15; --quick: 2]
#   --backlog N            events produced before the reads-during-drain tests [enough for the three tests at the
#                          measured throughput ×1.25; --events when throughput did not run]
#   --seed-sample N        events of the one-transaction-per-event run [20000]
#   --raw-batch N          events per transaction of the raw section [1000]
#   --compression C        producer compression: none, lz4, ... [none]
#   --postgres bench|test-stack  bench [default]: a PostgreSQL of the benchmark's own with PostgreSQL's durable
#                          defaults; test-stack: the tests' embedded server, which zonky starts with fsync off
#   --fsync on|off, --synchronous-commit V   of the bench server [on, on: durability as shipped]
#   --pg NAME=VALUE        another setting of the bench server, e.g. --pg shared_buffers=6GB, or a module's (to
#                          profile: --pg shared_preload_libraries=auto_explain --pg auto_explain.sample_rate=0.01);
#                          repeatable [none: PostgreSQL's defaults]; listed in the report's conditions
#
# Sections: throughput (produce as fast as possible; durable events/s from the first to the last committed offset of
# the service's group; then the same for the rich workload, and for the plain one again; each with its CPU and WAL bytes
# per event; checks processed_events = N and sum(user_totals) =
# sum(points_log) = the points the workloads earn, the rich one's by the contract's oracle); backfill (N events of one
# name stored in the inbox, a new points rule, backfillRule timed from queued to SUCCEEDED; checks every event replayed
# and granted once); raw (the same rows
# inserted straight into a fresh database: (a) inbox + log + totals, (b) every row the engine writes; our ratio; with
# throughput, right after its first plain run, each of the two after a CHECKPOINT, so the ratio compares one machine);
# seed (one transaction per event, and a live GROUP BY top-100 over the points log); freshness (steady stream after a
# VACUUM (ANALYZE) and a CHECKPOINT and --freshness-warm-up seconds of it not counted, produced → visible in
# gamificationProfile, every probe out asked for every 5 ms, its p99 per 10 s; the engine's batches and the CPU per event
# of the stream); reads (profile, leaderboard(limit:100), rank with C clients, idle and
# while a backlog drains; idle, each read also with 8 clients (p99 target ≤ 5 ms), and its raw SQL: the statement
# that answers it, taken from the api's classes, run through the Vert.x PostgreSQL client with C connections for
# as long, with a row "GraphQL ÷ raw" of requests/s, target ≥ 50 %, and again with 8 connections); footprint (service RSS max and VmHWM, start-up to /health/ready 200).
# The reads and freshness sections load the --events workload first when throughput is not selected.
#
# Environment: GAMIFICATION_JAVA_OPTS = JVM options of the service (as for ./gamification; none by default);
# any other GAMIFICATION_* variable (e.g. GAMIFICATION_ENGINE_BATCH_SIZE) reaches the service, except the
# connection settings the benchmark owns; BENCH_JAVA_OPTS = JVM options of the benchmark's own JVM;
# BENCH_KAFKA_JAVA_OPTS = JVM options of the Kafka broker [the test stack's quick-start ones: 512 MiB, serial
# collector, C1 only], e.g. Kafka's own: -Xms1g -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20.
# Exit status: 0, 1 when a check fails (✗) or the run aborts, 2 on a usage error. Missed targets do not fail.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
  exit 0
fi
echo "bench: building (mvn test-compile) ..."
mvn -B -q -pl modules/bench -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=runtime
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
changed="$(git status --porcelain 2>/dev/null | grep -c -v '^?? bench/results/' || true)"
if [[ "$changed" != 0 ]]; then commit="$commit + uncommitted changes in $changed files (the working tree was measured)"; fi
mkdir -p bench/results
# Run from a copy of the compiled classes, so a build of the same tree during the run (others at work) cannot
# change the classes under the benchmark or the service's JVM; the copy goes when the run ends.
snapshot="$PWD/modules/bench/target/bench-run-$$"
rm -rf "$snapshot" && mkdir -p "$snapshot"
trap 'rm -rf "$snapshot"' EXIT
classpath=""
for entry in "$PWD/modules/bench/target/classes" $(tr ':' ' ' < modules/bench/target/bench.classpath); do
  if [[ "$entry" == "$PWD"/modules/*/target/*classes ]]; then
    copy="$snapshot/$(basename "$(dirname "$(dirname "$entry")")")-$(basename "$entry")"
    cp -r "$entry" "$copy"
    entry="$copy"
  fi
  classpath="${classpath:+$classpath:}$entry"
done
status=0
# shellcheck disable=SC2086 # BENCH_JAVA_OPTS is a list of options
# the broker keeps the test stack's quick-start options unless BENCH_KAFKA_JAVA_OPTS names others: Kafka's own (1 GiB,
# G1, C2) removed a 226 ms serial full collection from one 4M-event freshness stream, but cost the broker 40-100 % more
# CPU per event, and freshness measured worse with them in full-size runs (p99 317 and 239 ms; 80 ms with the
# quick-start options in the run between those, 193.5 ms in a later full run in a slow phase of the machine)
kafka_jvm=${BENCH_KAFKA_JAVA_OPTS:-}
java -Xmx2g ${BENCH_JAVA_OPTS:-} -Dgamification.test.dir="$PWD/modules/bench/target/test-stack" \
  -Dgamification.kafka.lib="$PWD/modules/kafka-broker/target/lib" -Dgamification.kafka.jvm="$kafka_jvm" \
  -Dbench.results="$PWD/bench/results" -Dbench.git="$commit" \
  -cp "$classpath" com.gigsy.gamification.bench.BenchRun "$@" || status=$?
exit "$status"
