-- The reward outbox holds one row per applied batch — a JSON array of the rewards it granted — instead of
-- one row per reward: a batch of 500 events used to write, update and later delete about a thousand
-- outbox rows (each with three index entries); now it is one. Every reward keeps its own rewardId inside
-- the array, and the relay still sends one Kafka record per reward.

-- Rows written before: each becomes an array of its one reward, published or not.
UPDATE reward_outbox SET payload = jsonb_build_array(payload) WHERE jsonb_typeof(payload) = 'object';

ALTER TABLE reward_outbox
  DROP COLUMN reward_id,
  DROP COLUMN user_id,
  ADD COLUMN rewards integer;
UPDATE reward_outbox SET rewards = jsonb_array_length(payload);
ALTER TABLE reward_outbox
  ALTER COLUMN rewards SET NOT NULL,
  ADD CONSTRAINT reward_outbox_rewards_listed CHECK (rewards > 0 AND rewards = jsonb_array_length(payload));
