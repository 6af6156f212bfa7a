-- uuid_v7() (0008) filled everything after the millisecond with random bits,
-- so ids made in the same millisecond sorted at random: two moves of one order
-- written by one batch (paid -> preparing -> shipped) could list out of order.
-- Now the 42 bits after the version and variant come from a sequence, which
-- counts calls across the whole server (RFC 9562 allows a counter there), so
-- ids of one millisecond sort in the order they were made; 32 random bits
-- remain. nextval never waits on a lock and is not rolled back.
CREATE SEQUENCE uuid_v7_order;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION uuid_v7() RETURNS uuid
  LANGUAGE sql VOLATILE PARALLEL UNSAFE
AS $$
  SELECT encode(
    substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
      || int2send((28672 | ((n >> 30) & 4095))::smallint)
      || substring(int8send(2147483648 | (n & 1073741823)) FROM 5)
      || substring(uuid_send(gen_random_uuid()) FROM 13),
    'hex')::uuid
  FROM (SELECT nextval('uuid_v7_order') AS n) AS counter
$$;
