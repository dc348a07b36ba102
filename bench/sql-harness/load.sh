#!/usr/bin/env bash
# Stores a version of the apply statement under a name: load.sh DATABASE NAME FILE (e.g. a variant to compare with
# 'apply'); creates the harness's table and procedure when missing.
set -euo pipefail
db=$1; name=$2; file=$3
psql -q -v ON_ERROR_STOP=1 -d "$db" -v name="$name" -v body="$(cat "$file")" <<'SQL'
CREATE TABLE IF NOT EXISTS h_sql (name text PRIMARY KEY, body text NOT NULL);
INSERT INTO h_sql VALUES (:'name', :'body') ON CONFLICT (name) DO UPDATE SET body = excluded.body;
-- Applies batches b1..b2 of kind k with statement s, one committed transaction each (a custom plan each time: this
-- only warms the tables up; timing.sh measures the prepared statement).
CREATE OR REPLACE PROCEDURE h_run(s text, k text, b1 int, b2 int) LANGUAGE plpgsql AS $$
DECLARE
  body text;
  a1 text[]; a2 text[]; a3 text[]; a4 text[]; a5 timestamptz[]; a6 text[]; a7 text[]; a8 text[];
BEGIN
  SELECT h.body INTO body FROM h_sql h WHERE h.name = s;
  FOR b IN b1..b2 LOOP
    SELECT array_agg(event_id ORDER BY ord), array_agg(event_name ORDER BY ord), array_agg(user_id ORDER BY ord),
           array_agg(related_entity_id ORDER BY ord), array_agg(occurred_at ORDER BY ord),
           array_agg(created_by ORDER BY ord), array_agg(dedupe_key ORDER BY ord), array_agg(attributes ORDER BY ord)
    INTO a1, a2, a3, a4, a5, a6, a7, a8
    FROM h_events WHERE kind = k AND batch = b;
    EXECUTE body USING a1, a2, a3, a4, a5, a6, a7, a8, NULL::bigint;
    COMMIT;
  END LOOP;
END $$;
SQL
