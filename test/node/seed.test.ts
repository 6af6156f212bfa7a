import { readFileSync } from 'node:fs';
import { neon, type NeonQueryFunction } from '@neondatabase/serverless';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql as drizzleSql } from 'drizzle-orm';
import { routeLocalHostsOverHttp } from '../../src/db/client';
import { drizzleDatabase } from '../../src/db/drizzle';
import { verifyPassword } from '../../src/lib/password';
import { refreshCustomerStats } from '../../src/services/order-lifecycle/customer-figures';
import { NEXT_STATUSES, type OrderStatus } from '../../src/services/order-lifecycle/transitions';
import { openBackend, startLocalDb, type LocalDb } from '../../scripts/local-db/index.ts';
import { migrate } from '../../scripts/migrate.ts';
import { DEMO_PASSWORD, seedDemoData } from '../../scripts/seed.ts';
import { createScratchDatabase, type ScratchDatabase } from '../../scripts/scratch-database.ts';

/** Migrations and demo seed on an empty database: PGlite, and PostgreSQL when TEST_DATABASE_URL is set. */
const backends = [{ name: 'pglite' }, ...(process.env.TEST_DATABASE_URL ? [{ name: 'postgres' }] : [])];

describe.each(backends)('migrate and seed on an empty $name database', ({ name }) => {
  let server: LocalDb;
  let scratch: ScratchDatabase | undefined;
  let sql: NeonQueryFunction<false, false>;

  beforeAll(async () => {
    scratch =
      name === 'postgres' ? await createScratchDatabase(process.env.TEST_DATABASE_URL!, 'seed_test') : undefined;
    const backend = await openBackend(scratch ? { kind: 'postgres', url: scratch.url } : { kind: 'pglite' });
    server = await startLocalDb({ backend, port: 0 });
    routeLocalHostsOverHttp();
    sql = neon(server.connectionString);
    // Opening PGlite compiles its WebAssembly: seconds, and past the default 10 s on a machine shared with other runs.
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await scratch?.drop();
  });

  it('applies every migration once, even when two runs race', async () => {
    const journal = JSON.parse(readFileSync('drizzle/meta/_journal.json', 'utf8')) as { entries: unknown[] };
    const applied = await Promise.all([migrate(server.connectionString), migrate(server.connectionString)]);
    expect(applied[0]! + applied[1]!).toBe(journal.entries.length);
    expect(await migrate(server.connectionString)).toBe(0);
    const [{ rows }] = (await sql`SELECT count(*)::int AS rows FROM drizzle.__drizzle_migrations`) as [
      { rows: number },
    ];
    expect(rows).toBe(journal.entries.length);
  });

  it('seeds both demo stores once, and changes nothing the second time', async () => {
    const db = drizzleDatabase(server.connectionString);
    expect(await seedDemoData(db)).toEqual({ created: ['balsamoa', 'bella-teh'], skipped: [] });
    const counts = () =>
      sql`SELECT (SELECT count(*) FROM stores) AS stores, (SELECT count(*) FROM variants) AS variants, (SELECT count(*) FROM inventory_movements) AS movements,
        (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM audit_log) AS audited`;
    const before = await counts();
    expect(await seedDemoData(db)).toEqual({ created: [], skipped: ['balsamoa', 'bella-teh'] });
    expect(await counts()).toEqual(before);
  });

  it('gives balsamoa the catalog of seed 004', async () => {
    const [catalog] = await sql`
      SELECT (SELECT count(*)::int FROM categories c WHERE c.store_id = s.id) AS categories,
             (SELECT count(*)::int FROM products p WHERE p.store_id = s.id AND p.status = 'active') AS products,
             (SELECT count(*)::int FROM products p WHERE p.store_id = s.id AND p.featured) AS featured,
             (SELECT count(*)::int FROM variants v WHERE v.store_id = s.id) AS variants,
             (SELECT count(*)::int FROM variants v WHERE v.store_id = s.id AND v.on_hand = 0) AS sold_out,
             (SELECT count(*)::int FROM variants v WHERE v.store_id = s.id AND v.on_hand > 0 AND v.on_hand <= v.reorder_level) AS low_stock,
             (SELECT count(*)::int FROM variants v WHERE v.store_id = s.id AND v.on_hand > v.reorder_level) AS well_stocked,
             (SELECT count(*)::int FROM shipping_rates r WHERE r.store_id = s.id AND r.currency = s.currency) AS shipping_rates
      FROM stores s WHERE s.slug = 'balsamoa'`;
    expect(catalog).toMatchObject({ categories: 2, products: 10, featured: 3, variants: 21, shipping_rates: 2 });
    for (const kind of ['sold_out', 'low_stock', 'well_stocked']) expect(catalog![kind], kind).toBeGreaterThan(0);

    const sizes = await sql`
      SELECT v.value FROM option_values v JOIN option_types t ON t.id = v.option_type_id JOIN stores s ON s.id = t.store_id
      WHERE s.slug = 'balsamoa' AND t.name = 'Size' ORDER BY v.position`;
    expect(sizes.map((row) => row.value)).toEqual(['S', 'M', 'L', 'XL', 'XXL']);
    const colours = await sql`
      SELECT v.value, v.hex FROM option_values v JOIN option_types t ON t.id = v.option_type_id JOIN stores s ON s.id = t.store_id
      WHERE s.slug = 'balsamoa' AND t.name = 'Color' ORDER BY v.position`;
    expect(colours).toHaveLength(8);
    for (const colour of colours) expect(colour.hex).toMatch(/^#[0-9A-F]{6}$/i);
    expect(colours).toContainEqual({ value: 'Verde', hex: '#4A5D23' });
  });

  it('gives balsamoa a euro market with VAT included, tax rates, tax classes and promotions with codes', async () => {
    const [selling] = await sql`
      SELECT (SELECT json_agg(json_build_object('code', m.code, 'currency', m.currency, 'taxInclusive', m.tax_inclusive,
                'countries', (SELECT array_agg(c.country ORDER BY c.country) FROM market_countries c WHERE c.market_id = m.id)))
              FROM markets m WHERE m.store_id = s.id) AS markets,
             (SELECT count(*)::int FROM variants v WHERE v.store_id = s.id
               AND NOT EXISTS (SELECT 1 FROM prices p WHERE p.variant_id = v.id AND p.currency = 'EUR')) AS unpriced_in_euros,
             (SELECT count(*)::int FROM shipping_rates r WHERE r.store_id = s.id AND r.currency = 'EUR') AS euro_rates,
             (SELECT array_agg(t.country || ' ' || coalesce(t.tax_class, '-') || ' ' || t.rate_ppm ORDER BY 1) FROM tax_rates t WHERE t.store_id = s.id) AS rates,
             (SELECT count(*)::int FROM audit_log a WHERE a.store_id = s.id AND a.action = 'tax_rate.created') AS rates_audited,
             (SELECT count(*)::int FROM products p WHERE p.store_id = s.id AND p.tax_class = 'reduced') AS reduced,
             (SELECT array_agg(p.method || ' ' || p.type ORDER BY p.id) FROM promotions p WHERE p.store_id = s.id) AS promotions,
             (SELECT array_agg(c.code ORDER BY c.code) FROM promotion_codes c WHERE c.store_id = s.id) AS codes
      FROM stores s WHERE s.slug = 'balsamoa'`;
    expect(selling).toEqual({
      markets: [{ code: 'eu', currency: 'EUR', taxInclusive: true, countries: ['ES', 'PT'] }],
      unpriced_in_euros: 0,
      euro_rates: 1,
      rates: ['ES - 210000', 'ES reduced 100000', 'PT - 230000', 'PT reduced 130000'],
      rates_audited: 4,
      reduced: 2,
      promotions: ['automatic percentage', 'code percentage', 'code free_shipping'],
      codes: ['BIENVENIDA10', 'ENVIOGRATIS'],
    });
  });

  it('gives bella-teh tea products with cost price and reorder level', async () => {
    const teas = await sql`
      SELECT v.sku, v.cost_price, v.reorder_level FROM variants v JOIN stores s ON s.id = v.store_id WHERE s.slug = 'bella-teh'`;
    expect(teas.length).toBeGreaterThan(0);
    for (const tea of teas) {
      expect(Number(tea.cost_price), tea.sku).toBeGreaterThan(0);
      expect(tea.reorder_level, tea.sku).toBeGreaterThan(0);
    }
  });

  it('writes all stock through the ledger: on_hand equals the sum of movements for every variant', async () => {
    const mismatched = await sql`
      SELECT v.sku FROM variants v LEFT JOIN inventory_movements m ON m.variant_id = v.id
      GROUP BY v.id HAVING v.on_hand <> coalesce(sum(m.on_hand_delta), 0) OR v.reserved <> coalesce(sum(m.reserved_delta), 0)`;
    expect(mismatched).toEqual([]);
    const [{ stocked, movements }] = (await sql`
      SELECT (SELECT count(*)::int FROM variants WHERE on_hand > 0) AS stocked, (SELECT count(*)::int FROM inventory_movements WHERE type = 'inbound') AS movements`) as [
      { stocked: number; movements: number },
    ];
    expect(movements).toBe(stocked);
  });

  it('gives each store orders in every state staff meet: pending, paid, shipped, delivered, cancelled, refunded', async () => {
    const stores = await sql`
      SELECT s.slug,
        array(SELECT DISTINCT o.status::text FROM orders o WHERE o.store_id = s.id ORDER BY 1) AS statuses,
        (SELECT count(*)::int FROM shipments sh WHERE sh.store_id = s.id) AS shipments,
        (SELECT count(*)::int FROM refunds r WHERE r.store_id = s.id AND r.status = 'succeeded') AS refunds,
        (SELECT count(*)::int FROM audit_log a WHERE a.store_id = s.id) AS audited
      FROM stores s ORDER BY s.slug`;
    for (const store of stores) {
      expect(store.statuses, store.slug).toEqual(['cancelled', 'delivered', 'paid', 'pending_payment', 'shipped']);
      expect(store.shipments, store.slug).toBeGreaterThan(0);
      expect(store.refunds, store.slug).toBeGreaterThan(0);
      expect(store.audited, store.slug).toBeGreaterThan(0);
    }
  });

  it('gives balsamoa an open campaign with its joins and a scheduled one, made through the services', async () => {
    const campaigns = await sql`
      SELECT c.name, c.participant_count, c.status::text, c.starts_at <= now() AS started, c.ends_at > now() AS running,
        c.price < c.original_price AS cheaper,
        (SELECT count(*)::int FROM campaign_participants cp JOIN orders o ON o.id = cp.order_id
          JOIN order_items i ON i.order_id = o.id
          WHERE cp.campaign_id = c.id AND o.status = 'pending_payment' AND o.reservation_expires_at = c.ends_at
            AND i.unit_price = c.price) AS held_at_price,
        (SELECT count(*)::int FROM events e WHERE e.aggregate_id = c.id AND e.type = 'group-commerce.campaign.joined') AS joined
      FROM campaigns c JOIN stores s ON s.id = c.store_id
      WHERE s.slug = 'balsamoa' ORDER BY c.starts_at`;
    expect(campaigns).toMatchObject([
      {
        participant_count: 2,
        status: 'active',
        started: true,
        running: true,
        cheaper: true,
        held_at_price: 2,
        joined: 2,
      },
      {
        participant_count: 0,
        status: 'active',
        started: false,
        running: true,
        cheaper: true,
        held_at_price: 0,
        joined: 0,
      },
    ]);
  });

  it('gives balsamoa a newsletter list and bella-teh WhatsApp threads, the senders matched or made customers', async () => {
    const subscribers = await sql`
      SELECT n.status::text, count(*)::int AS count FROM newsletter_subscribers n JOIN stores s ON s.id = n.store_id
      WHERE s.slug = 'balsamoa' GROUP BY n.status ORDER BY n.status`;
    expect(subscribers).toEqual([
      { status: 'pending', count: 1 },
      { status: 'subscribed', count: 2 },
      { status: 'unsubscribed', count: 1 },
    ]);
    const threads = await sql`
      SELECT c.name, c.email, c.channel_ids ->> 'whatsapp' AS whatsapp,
        count(*) FILTER (WHERE m.direction = 'inbound')::int AS inbound,
        count(*) FILTER (WHERE m.direction = 'outbound')::int AS outbound
      FROM customer_messages m JOIN customers c ON c.id = m.customer_id JOIN stores s ON s.id = m.store_id
      WHERE s.slug = 'bella-teh' GROUP BY c.id ORDER BY c.name`;
    expect(threads).toEqual([
      { name: 'Dewi', email: null, whatsapp: '+6281300000077', inbound: 1, outbound: 0 },
      { name: 'Siti', email: 'siti@example.com', whatsapp: '+6281234567892', inbound: 2, outbound: 1 },
    ]);
  });

  it('keeps every order whole: lines, totals, payments and refunds agree', async () => {
    const wrongLines = await sql`
      SELECT i.id FROM order_items i WHERE i.line_total <> i.unit_price * i.quantity OR i.quantity <= 0`;
    expect(wrongLines).toEqual([]);
    const wrongTotals = await sql`
      SELECT o.number FROM orders o
      WHERE o.total <> o.subtotal + o.shipping_total + o.tax_total - o.discount_total
        OR o.subtotal <> (SELECT coalesce(sum(i.line_total), 0) FROM order_items i WHERE i.order_id = o.id)
        OR NOT EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id)`;
    expect(wrongTotals).toEqual([]);
    // One payment per order, for its total; what was refunded is the sum of the refunds that went through.
    const wrongPayments = await sql`
      SELECT o.number, o.status, p.status AS payment FROM orders o
      LEFT JOIN payments p ON p.order_id = o.id
      WHERE p.id IS NULL OR p.amount <> o.total OR p.currency <> o.currency
        OR p.refunded_amount <> (SELECT coalesce(sum(r.amount), 0) FROM refunds r WHERE r.payment_id = p.id AND r.status = 'succeeded')
        OR (p.status = 'refunded') <> (p.refunded_amount = p.amount AND p.amount > 0)
        OR (o.paid_at IS NOT NULL) <> (p.status IN ('confirmed', 'partially_refunded', 'refunded'))
        OR (o.status = 'pending_payment') <> (p.status = 'pending')
        OR (SELECT count(*) FROM payments q WHERE q.order_id = o.id) <> 1`;
    expect(wrongPayments).toEqual([]);
  });

  it('moves every order only along allowed transitions, each in its history', async () => {
    const orders = await sql`
      SELECT o.number, o.status,
        array(SELECT coalesce(h.from_status::text, '') || '>' || h.to_status FROM order_status_history h
          WHERE h.order_id = o.id ORDER BY h.id) AS moves
      FROM orders o`;
    expect(orders.length).toBeGreaterThan(0);
    for (const order of orders) {
      const moves = (order.moves as string[]).map((move) => move.split('>') as [OrderStatus | '', OrderStatus]);
      expect(moves[0], order.number).toEqual(['', 'pending_payment']);
      for (const [index, [from, to]] of moves.entries()) {
        if (index === 0) continue;
        expect(from, order.number).toBe(moves[index - 1]![1]);
        expect(NEXT_STATUSES[from as OrderStatus], `${order.number}: ${from} -> ${to}`).toContain(to);
      }
      expect(moves.at(-1)![1], order.number).toBe(order.status);
    }
  });

  it('reserves exactly what open reservations hold, and every stock change is in the ledger', async () => {
    const mismatched = await sql`
      SELECT v.sku FROM variants v
      WHERE v.reserved <> (SELECT coalesce(sum(r.quantity), 0) FROM inventory_reservations r
          WHERE r.variant_id = v.id AND r.status = 'reserved')
        OR v.on_hand <> (SELECT coalesce(sum(m.on_hand_delta), 0) FROM inventory_movements m WHERE m.variant_id = v.id)
        OR v.reserved <> (SELECT coalesce(sum(m.reserved_delta), 0) FROM inventory_movements m WHERE m.variant_id = v.id)`;
    expect(mismatched).toEqual([]);
    const [{ open }] = (await sql`
      SELECT count(*)::int AS open FROM inventory_reservations r JOIN orders o ON o.id = r.order_id
      WHERE r.status = 'reserved' AND o.status <> 'pending_payment'`) as [{ open: number }];
    expect(open).toBe(0);
  });

  it('gives each customer the figures and segment their orders make, as the order lifecycle computes them', async () => {
    const figures = () =>
      sql`SELECT c.email, c.name, c.order_count, c.total_spent::bigint::text AS total_spent, c.last_order_at, c.segment
        FROM customers c ORDER BY c.id`;
    const seeded = await figures();
    await drizzleDatabase(server.connectionString).execute(refreshCustomerStats(drizzleSql`SELECT id FROM orders`));
    expect(await figures()).toEqual(seeded);
    const segments = Object.fromEntries(seeded.map((customer) => [customer.name, customer.segment]));
    // Lucía and Ahmad paid twice, Siti spent past Bella Teh's vipTotalSpent: seed 003's segments, derived.
    expect(segments).toMatchObject({ 'Lucía Fernández': 'regular', Ahmad: 'regular', Siti: 'vip' });
    expect(seeded.filter((customer) => customer.order_count === 0 && customer.segment !== 'new')).toEqual([]);
  });

  it('makes each store an owner who can sign in with the demo password', async () => {
    const owners = await sql`
      SELECT s.slug, u.email, u.password_hash FROM store_members m JOIN users u ON u.id = m.user_id JOIN stores s ON s.id = m.store_id
      WHERE m.role = 'owner' ORDER BY s.slug`;
    expect(owners.map((owner) => [owner.slug, owner.email])).toEqual([
      ['balsamoa', 'owner@balsamoa.test'],
      ['bella-teh', 'owner@bella-teh.test'],
    ]);
    for (const owner of owners) expect(await verifyPassword(DEMO_PASSWORD, owner.password_hash)).toBe(true);
  });
});
