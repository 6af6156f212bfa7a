-- Postgres parses, analyses and plans every statement it is sent, and for
-- this API's long statements (a checkout is ten statements, 13 KB of SQL)
-- that costs more than running them. Neon's HTTP protocol prepares nothing,
-- so the Worker names each statement by a hash of its text and begins every
-- batch with prepare_statements(names, texts) (src/db/sql/prepared.ts): the
-- database session serving the batch PREPAREs each statement it has not yet
-- prepared, and the batch runs `EXECUTE name(values)`. A session keeps its
-- prepared statements, and after five runs their generic plans, for as long
-- as it lives, across requests and Workers; a rollback does not undo a
-- PREPARE. The names a session has prepared are kept in the setting
-- `commerce.prepared`, which a rollback does undo: a statement prepared in a
-- transaction that rolled back is found prepared on the next try.
-- The batch's statements run on generic plans (made once per session):
-- left to choose, Postgres keeps planning some afresh on every run, since a
-- plan made for the values at hand always looks cheaper; this API's
-- statements are written with their shape fixed by the Worker and their
-- values in indexed conditions, which a generic plan serves as well.
-- It answers how many of the statements the session had already prepared:
-- none, every time, where sessions do not keep them (Neon resets a pooled
-- connection after each request), which tells the Worker to stop preparing.
-- Past 500 statements, a session forgets this function's statements and
-- starts again, so that a Worker sending many shapes cannot grow a backend's
-- memory without bound.
CREATE FUNCTION prepare_statements(names text[], texts text[]) RETURNS integer
  LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
  known text := coalesce(current_setting('commerce.prepared', true), '');
  added text := '';
  found integer := 0;
  stale text;
BEGIN
  PERFORM set_config('plan_cache_mode', 'force_generic_plan', true);
  IF length(known) - length(replace(known, ' ', '')) > 500 THEN
    FOR stale IN SELECT name FROM pg_prepared_statements WHERE from_sql AND name LIKE 'q\_%' LOOP
      EXECUTE format('DEALLOCATE %I', stale);
    END LOOP;
    known := '';
  END IF;
  FOR i IN 1 .. coalesce(array_length(names, 1), 0) LOOP
    IF position(names[i] IN known) > 0 THEN
      found := found + 1;
      CONTINUE;
    END IF;
    CONTINUE WHEN position(names[i] IN added) > 0;
    BEGIN
      EXECUTE format('PREPARE %I AS %s', names[i], texts[i]);
    EXCEPTION WHEN duplicate_prepared_statement THEN
      found := found + 1;
    END;
    added := added || names[i] || ' ';
  END LOOP;
  IF added <> '' THEN
    PERFORM set_config('commerce.prepared', known || added, false);
  END IF;
  RETURN found;
END
$$;
