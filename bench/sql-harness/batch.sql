-- Sets psql variables a1..a8 to batch :b of kind :kind, as the engine's parameters $1..$8.
SELECT array_agg(event_id ORDER BY ord) AS a1, array_agg(event_name ORDER BY ord) AS a2,
       array_agg(user_id ORDER BY ord) AS a3, array_agg(related_entity_id ORDER BY ord) AS a4,
       array_agg(occurred_at ORDER BY ord) AS a5, array_agg(created_by ORDER BY ord) AS a6,
       array_agg(dedupe_key ORDER BY ord) AS a7, array_agg(attributes ORDER BY ord) AS a8
FROM h_events WHERE kind = :'kind' AND batch = :b \gset
