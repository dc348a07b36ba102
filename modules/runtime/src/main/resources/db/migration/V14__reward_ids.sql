-- Reward ids without a strong random number per reward. gen_random_uuid() reads the operating system's random
-- source for every call (OpenSSL's per-call checks are system calls); the engine called it for every reward of a
-- batch, ~10 % of its statement's CPU. Every reward row already draws a number from gamification_reward_seq (its
-- history position), unique across points_log, user_badges, user_titles and user_levels; the engine now builds the
-- reward's id from that number and one random prefix per batch. Such an id is an RFC 9562 version-8 UUID (a layout
-- of one's own): 48 random bits, the version 8, 12 random bits, the variant bits 10, then the 62-bit sequence number.
-- It is unique because the number is, and never equals an id made by gen_random_uuid(), whose version is 4.

-- The random half of the ids of one batch: 'xxxxxxxx-xxxx-8xxx-' (called once per statement).
CREATE FUNCTION gamification_reward_id_prefix() RETURNS text LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
  SELECT left(u, 14) || '8' || substr(u, 16, 4) FROM (SELECT gen_random_uuid()::text AS u) r
$$;

-- The reward id of sequence number p_seq (0 <= p_seq < 2^62) under a prefix of gamification_reward_id_prefix():
-- the variant bits 10 set on the number's 64 bits.
CREATE FUNCTION gamification_reward_id(p_prefix text, p_seq bigint) RETURNS uuid LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT (p_prefix || overlay(to_hex(p_seq | (-9223372036854775807 - 1)) PLACING '-' FROM 5 FOR 0))::uuid
$$;
