#!/usr/bin/env bash
# Runs statement STMT (h_sql) prepared on batches FIRST..LAST of KIND, each in a transaction rolled back (the tables
# stay as they are), in one session, and prints the backend's CPU ms per batch (utime + stime from /proc: steadier
# than wall time on shared cores) and the median wall ms, both without the first 6 executions (the plan cache
# settles after 5). Run as the PostgreSQL server's user, on its machine:
#   timing.sh DATABASE STMT KIND FIRST LAST [PLAN_CACHE_MODE=auto]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
db=$1; stmt=$2; kind=$3; first=$4; last=$5; mode=${6:-auto}
out=$(mktemp)
{
  echo "SET plan_cache_mode = $mode;"
  echo "SELECT pg_backend_pid() AS pid \\gset"
  echo "\\setenv BPID :pid"
  echo "SELECT body AS apply FROM h_sql WHERE name = '$stmt' \\gset"
  echo "PREPARE apply (text[], text[], text[], text[], timestamptz[], text[], text[], text[], bigint) AS :apply;"
  echo "\\set kind $kind"
  i=0
  for b in $(seq "$first" "$last"); do
    i=$((i + 1))
    if [ $i -eq 7 ]; then echo "\\! echo CPU0 \$(cut -d' ' -f14,15 /proc/\$BPID/stat)"; fi
    echo "\\set b $b"
    echo "\\ir $here/batch.sql"
    echo "BEGIN;"
    echo "\\timing on"
    echo "EXECUTE apply (:'a1', :'a2', :'a3', :'a4', :'a5', :'a6', :'a7', :'a8', NULL) \\g /dev/null"
    echo "\\timing off"
    echo "ROLLBACK;"
  done
  echo "\\! echo CPU1 \$(cut -d' ' -f14,15 /proc/\$BPID/stat)"
} | psql -q -v ON_ERROR_STOP=1 -d "$db" > "$out" 2>&1
n=$(( last - first + 1 - 6 ))
hz=$(getconf CLK_TCK)
cpu=$(awk -v n=$n -v hz="$hz" '/^CPU0/ {a = $2 + $3} /^CPU1/ {b = $2 + $3} END {printf "%.1f", (b - a) * 1000 / hz / n}' "$out")
wall=$(grep '^Time:' "$out" | awk '{print $2}' | tail -n +7 | sort -n | awk '{a[NR] = $1} END {printf "%.1f", a[int((NR + 1) / 2)]}')
rm -f "$out"
echo "$stmt $kind $mode: n=$n cpu=${cpu} ms/batch wall(median)=${wall} ms"
