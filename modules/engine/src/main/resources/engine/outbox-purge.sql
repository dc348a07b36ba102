-- Published rows are kept a while for inspection, then removed: the points log, not the outbox, is history.
DELETE FROM reward_outbox WHERE published_at < now() - $1::interval
