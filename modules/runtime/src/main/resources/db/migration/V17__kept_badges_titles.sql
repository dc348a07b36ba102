-- Badges and titles are never deleted: no operation of the API deletes one, and rules, levels and holdings name
-- them. As V6 did for the points log's rule, the holdings' foreign keys give way to PostgreSQL refusing to delete a
-- badge or a title at all (rules: V6). Each foreign key was a trigger call per granted badge or title that looked up
-- and share-locked the badge's, title's or rule's row: ~2 % of PostgreSQL's CPU in the benchmark's throughput run
-- (perf, RI_FKey_check), and batches in flight at once share-locking the same few rows turn each lock into a
-- multixact. The rules keep theirs (a rule naming a missing badge or title is refused: the API's BAD_USER_INPUT).

-- V6's trigger function serves every table whose rows are kept, each trigger passing the message it refuses with
-- (the rules' is unchanged).
ALTER FUNCTION gamification_rules_are_kept() RENAME TO gamification_rows_are_kept;
CREATE OR REPLACE FUNCTION gamification_rows_are_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%: % is not allowed', TG_ARGV[0], TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;
DROP TRIGGER gamification_rules_no_delete ON gamification_rules;
DROP TRIGGER gamification_rules_no_truncate ON gamification_rules;
CREATE TRIGGER gamification_rules_no_delete BEFORE DELETE ON gamification_rules
  FOR EACH ROW EXECUTE FUNCTION gamification_rows_are_kept('gamification_rules are deactivated, never deleted');
CREATE TRIGGER gamification_rules_no_truncate BEFORE TRUNCATE ON gamification_rules
  FOR EACH STATEMENT EXECUTE FUNCTION gamification_rows_are_kept('gamification_rules are deactivated, never deleted');
CREATE TRIGGER badges_no_delete BEFORE DELETE ON badges
  FOR EACH ROW EXECUTE FUNCTION gamification_rows_are_kept('badges are never deleted');
CREATE TRIGGER badges_no_truncate BEFORE TRUNCATE ON badges
  FOR EACH STATEMENT EXECUTE FUNCTION gamification_rows_are_kept('badges are never deleted');
CREATE TRIGGER titles_no_delete BEFORE DELETE ON titles
  FOR EACH ROW EXECUTE FUNCTION gamification_rows_are_kept('titles are never deleted');
CREATE TRIGGER titles_no_truncate BEFORE TRUNCATE ON titles
  FOR EACH STATEMENT EXECUTE FUNCTION gamification_rows_are_kept('titles are never deleted');

ALTER TABLE user_badges DROP CONSTRAINT user_badges_rule_id_fkey, DROP CONSTRAINT user_badges_badge_id_fkey;
ALTER TABLE user_titles DROP CONSTRAINT user_titles_rule_id_fkey, DROP CONSTRAINT user_titles_title_id_fkey;
