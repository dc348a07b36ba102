-- Inbox retention (CONTRACT §11, GAMIFICATION_INBOX_RETENTION): processed_events becomes partitioned by the month
-- (UTC) of processed_at, so that ids older than the retention go by dropping whole partitions, never by deleting rows.
-- A partitioned table cannot have a unique index without its partition key, so an event id is no longer unique by
-- itself: the engine inserts an event only when no partition holds its id (engine/apply-events.sql), holding the
-- advisory lock of the event's user (lock-users.sql), so two deliveries of one event never pass that check together.

ALTER TABLE processed_events RENAME TO processed_events_unpartitioned;
ALTER INDEX processed_events_pkey RENAME TO processed_events_unpartitioned_pkey;

CREATE TABLE processed_events (
  event_id          text        NOT NULL,
  event_name        text        NOT NULL,
  user_id           text        NOT NULL,
  related_entity_id text,
  occurred_at       timestamptz NOT NULL,
  processed_at      timestamptz NOT NULL DEFAULT now(),
  attributes        jsonb,
  seq               bigint      DEFAULT nextval('processed_events_seq')
) PARTITION BY RANGE (processed_at);
CREATE INDEX processed_events_by_id ON processed_events (event_id);

-- The partition of the month starting p_month (UTC), created and attached when missing; its name. Created apart and
-- attached with a CHECK of its bounds: attaching then takes only a SHARE UPDATE EXCLUSIVE lock on processed_events,
-- so the engine's inserts go on meanwhile.
CREATE FUNCTION gamification_inbox_partition(p_month date) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  month_start timestamptz := (date_trunc('month', p_month::timestamp) AT TIME ZONE 'UTC');
  month_end timestamptz := ((date_trunc('month', p_month::timestamp) + interval '1 month') AT TIME ZONE 'UTC');
  partition_name text := 'processed_events_' || to_char(date_trunc('month', p_month::timestamp), 'YYYYMM');
BEGIN
  IF to_regclass(partition_name) IS NULL THEN
    EXECUTE format('CREATE TABLE %I (LIKE processed_events INCLUDING DEFAULTS, '
                   || 'CHECK (processed_at >= %L AND processed_at < %L))', partition_name, month_start, month_end);
    EXECUTE format('ALTER TABLE processed_events ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
                   partition_name, month_start, month_end);
  END IF;
  RETURN partition_name;
END;
$$;

-- The partitions of this month and the next p_ahead months, created when missing; how many were created.
CREATE FUNCTION gamification_inbox_prepare(p_ahead integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  created integer := 0;
  month date;
BEGIN
  FOR i IN 0 .. p_ahead LOOP
    month := (date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => i))::date;
    IF to_regclass('processed_events_' || to_char(month, 'YYYYMM')) IS NULL THEN
      PERFORM gamification_inbox_partition(month);
      created := created + 1;
    END IF;
  END LOOP;
  RETURN created;
END;
$$;

-- Drops the partitions whose whole month ended before p_before (now minus the retention); how many went. Dropping
-- a partition locks processed_events for a moment: callers set a lock_timeout and try again later.
CREATE FUNCTION gamification_inbox_expire(p_before timestamptz) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  expired regclass;
  dropped integer := 0;
BEGIN
  FOR expired IN
    SELECT c.oid::regclass
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'processed_events'::regclass
      AND c.relname ~ '^processed_events_[0-9]{6}$'
      AND (to_date(substr(c.relname, 18), 'YYYYMM') + interval '1 month') AT TIME ZONE 'UTC' <= p_before
    ORDER BY c.relname
  LOOP
    EXECUTE format('DROP TABLE %s', expired);
    dropped := dropped + 1;
  END LOOP;
  RETURN dropped;
END;
$$;

-- The months of the rows kept so far, then the coming ones; the rows move over.
SELECT gamification_inbox_partition(month::date)
FROM generate_series(date_trunc('month', coalesce((SELECT min(processed_at) FROM processed_events_unpartitioned), now())
                                         AT TIME ZONE 'UTC'),
                     date_trunc('month', now() AT TIME ZONE 'UTC'), interval '1 month') AS month;
SELECT gamification_inbox_prepare(2);
INSERT INTO processed_events (event_id, event_name, user_id, related_entity_id, occurred_at, processed_at, attributes, seq)
SELECT event_id, event_name, user_id, related_entity_id, occurred_at, processed_at, attributes, seq
FROM processed_events_unpartitioned;
DROP TABLE processed_events_unpartitioned;
ANALYZE processed_events;
