-- Rows a statement makes in numbers the Worker cannot know beforehand (an
-- order line per cart item, a movement per reserved variant) still get
-- time-ordered ids like the Worker's own (src/lib/ids.ts), so that lists
-- ordered by id stay ordered by creation. PostgreSQL 18 has uuidv7(); 15 to
-- 17 do not, so this builds one: a random version-4 UUID whose first 48 bits
-- become the Unix time in milliseconds and whose version nibble becomes 7
-- (bits 52 and 53 of the bytea, counted from the right within each byte, turn
-- 0100 into 0111). The variant bits stay RFC 9562's.
CREATE FUNCTION uuid_v7() RETURNS uuid
  LANGUAGE sql VOLATILE PARALLEL SAFE
AS $$
  SELECT encode(
    set_bit(set_bit(
      overlay(uuid_send(gen_random_uuid())
        PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
        FROM 1 FOR 6),
      52, 1), 53, 1),
    'hex')::uuid
$$;
