-- A batch is one transaction over one round trip, so a rule that needs the
-- database to check (an option name that must exist, a category that must
-- not become its own ancestor, a seventh image) cannot be checked by the
-- Worker between statements. A statement calls api_error(...) instead: the
-- transaction stops, nothing is written, and the Worker turns SQLSTATE EC001
-- into problem+json (src/http/database-errors.ts): the HINT carries the
-- problem code, the MESSAGE the detail, the DETAIL the offending field path.
-- It returns boolean so that it fits in WHERE and CASE.
CREATE FUNCTION api_error(code text, message text, field text DEFAULT NULL) RETURNS boolean
  LANGUAGE plpgsql VOLATILE
AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'EC001', MESSAGE = message, HINT = code, DETAIL = coalesce(field, '');
END
$$;
