-- Numbers, in occurredAt order, the events backfill job $1 replays to its rule: the inbox's events of the rule's
-- name (since the job's `since`, when set) that were processed before the rule existed (see V10: backfill_seq; rules
-- created before it: processed before their creation time) and that no backfill replayed to the rule yet. Returns
-- how many.
WITH job AS (
  SELECT j.id, j.since, r.id AS rule_id, r.event_name, r.backfill_seq, r.created_at
  FROM jobs j JOIN gamification_rules r ON r.id = j.rule_id
  WHERE j.id = $1
),
numbered AS (
  INSERT INTO job_events (job_id, n, event_id)
  SELECT job.id, row_number() OVER (ORDER BY e.occurred_at, e.seq NULLS FIRST, e.event_id), e.event_id
  FROM job
  JOIN processed_events e ON e.event_name = job.event_name
  WHERE (job.since IS NULL OR e.occurred_at >= job.since)
    AND CASE WHEN job.backfill_seq IS NULL THEN e.seq IS NULL AND e.processed_at < job.created_at
             ELSE coalesce(e.seq, 0) <= job.backfill_seq END
    AND NOT EXISTS (SELECT 1 FROM backfill_applied b WHERE b.rule_id = job.rule_id AND b.event_id = e.event_id)
  RETURNING 1
)
SELECT count(*) AS total FROM numbered
