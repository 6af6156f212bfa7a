-- products.search is a generated column, and a generated column may only use
-- IMMUTABLE functions. array_to_string is declared STABLE because for some
-- element types the text form depends on settings (dates, floats); for text[]
-- it cannot, so this wrapper may honestly be IMMUTABLE. It must exist before
-- the products table, hence this first migration.
CREATE FUNCTION immutable_array_to_string(text[], text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN array_to_string($1, $2);
