import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { orders, products, variants } from '../../src/db/schema';
import { uuidv7 } from '../../src/lib/ids';
import { createTestStore, testDb } from '../helpers/stores';

/** Every table DESIGN.md section 3 names, plus the link table for variant options. */
const DESIGN_TABLES = [
  'stores',
  'users',
  'store_members',
  'store_invitations',
  'api_keys',
  'refresh_tokens',
  'customers',
  'addresses',
  'categories',
  'products',
  'product_categories',
  'product_images',
  'option_types',
  'option_values',
  'variants',
  'variant_option_values',
  'prices',
  'inventory_reservations',
  'inventory_movements',
  'carts',
  'cart_items',
  'orders',
  'order_items',
  'order_status_history',
  'payments',
  'refunds',
  'payment_audit_log',
  'webhook_events',
  'payment_methods',
  'shipping_rates',
  'shipments',
  'campaigns',
  'campaign_participants',
  'newsletter_subscribers',
  'customer_messages',
  'audit_log',
  'events',
  'webhook_endpoints',
  'webhook_deliveries',
];

/** The Postgres error behind drizzle's wrapper. */
async function postgresError(work: Promise<unknown>): Promise<{ code?: string; constraint?: string }> {
  try {
    await work;
  } catch (error) {
    return ((error as Error).cause ?? error) as { code?: string; constraint?: string };
  }
  throw new Error('expected the statement to fail');
}

describe('the migrated data model', () => {
  it('has every table of the design', async () => {
    const rows = await testDb().execute<{ table_name: string }>(
      sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    const tables = rows.rows.map((row) => row.table_name);
    expect(tables).toEqual(expect.arrayContaining(DESIGN_TABLES));
  });

  it('indexes every foreign key (an index whose leading columns are the key)', async () => {
    const unindexed = await testDb().execute<{ constraint_name: string }>(sql`
      SELECT c.conname AS constraint_name
      FROM pg_constraint c
      WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
        AND NOT EXISTS (
          SELECT 1 FROM pg_index i
          WHERE i.indrelid = c.conrelid
            AND (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(c.conkey)] @> c.conkey
            AND (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(c.conkey)] <@ c.conkey
        )`);
    expect(unindexed.rows.map((row) => row.constraint_name)).toEqual([]);
  });

  it('refuses stock that would go negative or be reserved beyond what is on hand', async () => {
    const store = await createTestStore();
    const db = testDb();
    const productId = uuidv7();
    await db.insert(products).values({ id: productId, storeId: store.id, slug: 'tee', name: 'Tee' });
    const base = { storeId: store.id, productId };
    for (const stock of [
      { onHand: -1, reserved: 0 },
      { onHand: 1, reserved: 2 },
      { onHand: 1, reserved: -1 },
    ]) {
      const error = await postgresError(
        db.insert(variants).values({ ...base, id: uuidv7(), sku: `SKU-${stock.onHand}-${stock.reserved}`, ...stock }),
      );
      expect(error).toMatchObject({ code: '23514', constraint: 'variants_stock_check' });
    }
    const variantId = uuidv7();
    await db.insert(variants).values({ ...base, id: variantId, sku: 'SKU-OK', onHand: 2, reserved: 2 });
    const error = await postgresError(
      db.execute(sql`UPDATE variants SET reserved = reserved + 1 WHERE id = ${variantId}`),
    );
    expect(error).toMatchObject({ code: '23514', constraint: 'variants_stock_check' });
  });

  it('numbers orders readably and uniquely, from the database', async () => {
    const store = await createTestStore();
    const db = testDb();
    const order = { storeId: store.id, email: 'buyer@example.com', currency: 'USD', subtotal: 1000, total: 1000 };
    const [first, second] = await db.batch([
      db
        .insert(orders)
        .values({ ...order, id: uuidv7(), idempotencyKey: 'k1' })
        .returning({ number: orders.number }),
      db
        .insert(orders)
        .values({ ...order, id: uuidv7(), idempotencyKey: 'k2' })
        .returning({ number: orders.number }),
    ]);
    const year = new Date().getUTCFullYear();
    expect(first[0]!.number).toMatch(new RegExp(`^ORD-${year}-\\d{6,}$`));
    expect(second[0]!.number).not.toBe(first[0]!.number);
  });

  it('refuses an order whose total does not add up', async () => {
    const store = await createTestStore();
    const error = await postgresError(
      testDb().insert(orders).values({
        id: uuidv7(),
        storeId: store.id,
        email: 'b@example.com',
        currency: 'USD',
        subtotal: 1000,
        taxTotal: 100,
        total: 1000,
        idempotencyKey: 'k',
      }),
    );
    expect(error.code).toBe('23514');
  });
});
