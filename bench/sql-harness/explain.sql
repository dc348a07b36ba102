-- EXPLAIN (ANALYZE, BUFFERS) of statement :stmt (h_sql) prepared, on batch :b of :kind, rolled back; :mode is the
-- plan_cache_mode: force_generic_plan is what the engine's cached statement runs after its first 5 executions.
--   psql -d harness -v stmt=apply -v kind=rich -v b=300 -v mode=force_generic_plan -f explain.sql
SET plan_cache_mode = :mode;
\ir batch.sql
SELECT body AS apply FROM h_sql WHERE name = :'stmt' \gset
PREPARE apply (text[], text[], text[], text[], timestamptz[], text[], text[], text[], bigint) AS :apply;
BEGIN;
EXPLAIN (ANALYZE, BUFFERS) EXECUTE apply (:'a1', :'a2', :'a3', :'a4', :'a5', :'a6', :'a7', :'a8', NULL);
ROLLBACK;
