import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { stores } from '../../src/db/schema';
import { insertAuditRows, insertEvents, insertMovements } from '../../src/db/sql/ledgers';
import { renderSql } from '../../src/db/sql/render';
import { storeCte } from '../../src/db/sql/store-scope';
import { storefrontProductView } from '../../src/services/catalog/storefront-product';
import { visibleVariants } from '../../src/services/catalog/storefront-sql';
import { checkoutStatements, type CheckoutOrder } from '../../src/services/checkout/order-statements';
import { confirmCtes, markOrderPaid } from '../../src/services/order-lifecycle/pay';
import { SYSTEM_ACTOR } from '../../src/services/order-lifecycle/origin';

/** drizzle's own rendering, which renderSql must match exactly. */
const dialect = new PgDialect({ casing: 'snake_case' });
function drizzleRendering(query: SQL) {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return { text, params };
}

function expectSameAsDrizzle(query: SQL, what: string) {
  expect(renderSql(query), what).toEqual(drizzleRendering(query));
}

const ORDER: CheckoutOrder = {
  orderId: '01a22123-0000-7000-8000-000000000001',
  slug: 'shop',
  idempotencyKey: 'key-1',
  fingerprint: 'f'.repeat(64),
  email: "o'brien@example.com",
  shippingAddress: { name: 'A \\ B', line1: '1 "Main" St', city: 'Town', country: 'US' },
  shippingRateId: '01a22123-0000-7000-8000-000000000002',
  paymentMethod: 'cod',
};

describe('renderSql', () => {
  it('renders every kind of fragment this app writes exactly as drizzle does', () => {
    const id = '01a22123-0000-7000-8000-000000000003';
    const fragments: [string, SQL][] = [
      ['text only', sql`SELECT 1`],
      [
        'values of every type',
        sql`SELECT ${'a'}, ${1}, ${1.5}, ${true}, ${null}, ${new Date(0)}, ${{ a: [1] }}, ${10n}`,
      ],
      ['nested templates', sql`WITH ${storeCte('shop')} SELECT * FROM x WHERE id = ${id} AND ${sql`y = ${2}`}`],
      ['a list of values', sql`SELECT * FROM x WHERE id IN ${['a', 'b', 'c']}`],
      ['identifiers', sql`SELECT ${sql.identifier('odd "name"')} FROM ${sql.identifier('t')}`],
      ['joined and raw', sql`SELECT ${sql.join([sql`${1}`, sql.raw('2'), sql`${'three'}`], sql`, `)}`],
      [
        'params and placeholders',
        sql`SELECT ${sql.param(['x', 'y'])}, ${sql.placeholder('p')}, ${sql.param(sql.placeholder('q'))}`,
      ],
      ['undefined fragments', sql`SELECT 1${undefined}${sql``}`],
      [
        'a drizzle column and table (drizzle renders it)',
        sql`SELECT ${stores.id} FROM ${stores} WHERE ${stores.slug} = ${'x'}`,
      ],
      ['inlined values (drizzle renders it)', sql`SELECT ${'inlined'}`.inlineParams()],
    ];
    for (const [what, fragment] of fragments) expectSameAsDrizzle(fragment, what);
  });

  it('renders the checkout’s statements, for each kind of order, exactly as drizzle does', () => {
    const shapes: [string, CheckoutOrder, Parameters<typeof checkoutStatements>[1]][] = [
      ['a guest, listed items', ORDER, { items: [{ variantId: ORDER.orderId, quantity: 2 }] }],
      [
        'a shopper, a cart, a saved address, by card',
        {
          ...ORDER,
          shippingAddress: undefined,
          shippingAddressId: ORDER.orderId,
          paymentMethod: 'card',
          shopper: { userId: ORDER.orderId, email: ORDER.email },
        } as CheckoutOrder,
        { cartId: ORDER.orderId, access: { user: undefined, tokenHash: 'h' } },
      ],
    ];
    for (const [what, order, source] of shapes) {
      for (const [name, entry] of Object.entries(checkoutStatements(order, source, ORDER.orderId))) {
        for (const statement of Array.isArray(entry) ? entry : [entry])
          expectSameAsDrizzle(statement, `${what}: ${name}`);
      }
    }
  });

  it('renders payment, ledger and catalog statements exactly as drizzle does', () => {
    const origin = { source: 'api' as const, actor: SYSTEM_ACTOR, details: { note: "it's" } };
    const statements: [string, SQL][] = [
      ['confirm', sql`WITH ${confirmCtes(sql`p.id = ${ORDER.orderId}`, sql`now()`, origin, 'ref')} SELECT 1`],
      ['mark paid', markOrderPaid(ORDER.orderId, ORDER.orderId, origin, null)],
      [
        'movements',
        insertMovements({
          storeId: ORDER.orderId,
          variantId: sql`id`,
          type: 'adjustment',
          onHandDelta: 1,
          onHandBefore: sql`on_hand - 1`,
          onHandAfter: sql`on_hand`,
          reservedBefore: sql`reserved`,
          reservedAfter: sql`reserved`,
          referenceType: 'order',
          referenceId: ORDER.orderId,
          actorType: 'system',
          actorId: null,
        }),
      ],
      [
        'events',
        insertEvents({
          storeId: ORDER.orderId,
          type: 't',
          aggregateType: 'a',
          aggregateId: ORDER.orderId,
          payload: { a: 1 },
        }),
      ],
      [
        'audit',
        insertAuditRows({
          storeId: ORDER.orderId,
          actorType: 'system',
          action: 'x',
          entityType: 'y',
          entityId: ORDER.orderId,
          after: { a: "b'c" },
        }),
      ],
      [
        'product page',
        sql`WITH vv AS (${visibleVariants(sql`p.id`, { id: sql`${ORDER.orderId}`, currency: sql`'USD'`, lowStockThreshold: sql`5` } as never)})
          SELECT ${storefrontProductView.json('p', 'vv', 'variant_options', sql`'USD'`)} FROM products p`,
      ],
    ];
    for (const [what, statement] of statements) expectSameAsDrizzle(statement, what);
  });
});
