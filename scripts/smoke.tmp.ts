import { neon } from '@neondatabase/serverless';
import { openBackend, startLocalDb } from './local-db/index.ts';
import '../src/db/client.ts';
const db = await startLocalDb({ backend: await openBackend(process.env.PGURL ? { kind: 'postgres', url: process.env.PGURL } : { kind: 'pglite' }), port: 0 });
const sql = neon(db.connectionString);
console.log(await sql`select 1::int as one, 'x'::text as t, now() as ts, '{1,2}'::int[] as arr, '{"a":1}'::jsonb as j, 12345678901234::int8 as big, 1.5::numeric as n, '\\x0102'::bytea as b, true as bool, null as nul, gen_random_uuid() as u, '2026-01-02'::date as d`);
console.log(await sql.query('select $1::int + $2::int as s, $3::jsonb as j, $4::text[] as arr', [1, 2, { a: [1] }, ['a', 'b,c']]));
try { await sql`select 1/0`; } catch (e) { console.log('err', (e as any).code, (e as any).message, (e as any).severity); }
try { await sql.query('select 1; select 2'); } catch (e) { console.log('err', (e as any).code, (e as any).message); }
console.log(await sql.transaction([sql`create table t (id int primary key)`, sql`insert into t values (1)`]));
try { await sql.transaction([sql`insert into t values (2)`, sql`insert into t values (1)`]); } catch (e) { console.log('err', (e as any).code, (e as any).constraint, (e as any).detail); }
console.log(await sql`select * from t`);
console.log(db.stats());
await db.close();
