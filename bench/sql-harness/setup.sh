#!/usr/bin/env bash
# Creates the harness database: migrations V1.. in order, the benchmark's rules (rules.sql), BATCHES batches of 500
# events of each workload (events.sql), the apply statement (apply.sql), and applies the first WARM batches of each
# (plain first, as the benchmark does) so the tables have a realistic size. Run as a PostgreSQL superuser, e.g.
#   runuser -u postgres -- bench/sql-harness/setup.sh harness 30000 420 250
# Arguments: DATABASE [USERS=30000] [BATCHES=420] [WARM=250]. Drops DATABASE first.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
db=$1; users=${2:-30000}; batches=${3:-420}; warm=${4:-250}
psql -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
for migration in $(ls "$root"/modules/runtime/src/main/resources/db/migration/V*.sql | sort -V); do
  psql -q -v ON_ERROR_STOP=1 -d "$db" -f "$migration" > /dev/null
done
psql -q -v ON_ERROR_STOP=1 -d "$db" -f "$here/rules.sql"
psql -q -v ON_ERROR_STOP=1 -d "$db" -v first=1 -v last="$batches" -v users="$users" -f "$here/events.sql" > /dev/null
"$here/load.sh" "$db" apply "$root/modules/engine/src/main/resources/engine/apply-events.sql"
psql -q -v ON_ERROR_STOP=1 -d "$db" -c "CALL h_run('apply', 'plain', 1, $warm)" -c "CALL h_run('apply', 'rich', 1, $warm)"
psql -d "$db" -Atc "SELECT 'warm: ' || (SELECT count(*) FROM processed_events) || ' events, ' ||
  (SELECT count(*) FROM points_log) || ' points entries'"
