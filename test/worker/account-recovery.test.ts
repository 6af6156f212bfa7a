import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { balsamoa } from '../../scripts/seed-data/balsamoa.ts';
import { api, countRoundTrips, jsonBody } from '../helpers/api';
import {
  bearer,
  deleteUsersAfterTest,
  fromNewAddress,
  postFromNewAddress,
  postRawFromNewAddress,
  registerThroughApi,
  statusesFromOneAddress,
  TEST_PASSWORD,
  uniqueEmail,
} from '../helpers/auth';
import { type CatalogStore, createCatalogStore } from '../helpers/catalog';
import { checkoutBody, type PlacedOrder, postCheckout } from '../helpers/checkout';
import { type CaughtMail, deliverMailTo, mailsTo } from '../helpers/mail';
import { ownerOf, placeOrder } from '../helpers/payments';
import { testDb } from '../helpers/stores';

const NEW_PASSWORD = 'alfajores de maicena 2027';
const SHIRT: [string, number][] = [['BAL-RPA-BLA-M', 1]];

const post = postFromNewAddress;

/** Registers through the API asking for the mail of store `store`; answers the session. */
async function registerAt(store: string, email = uniqueEmail()) {
  deleteUsersAfterTest(email);
  const response = await post('/v1/auth/register', { email, name: 'Lucía', password: TEST_PASSWORD, store });
  expect(response.status, await response.clone().text()).toBe(201);
  return response.json<{ user: { id: string; email: string }; accessToken: string; refreshToken: string }>();
}

/** Sends the pending mails of `email` and answers the newest the catcher holds (of those whose subject has `subject`). */
async function latestMailTo(email: string, subject = ''): Promise<CaughtMail> {
  await deliverMailTo([email]);
  const mail = (await mailsTo(email)).find((caught) => caught.subject.includes(subject));
  expect(mail, `a mail to ${email}`).toBeDefined();
  return mail!;
}

/** The token a mail carries: in a link's `?token=`, or alone on its line (a reset code). */
function tokenIn(mail: CaughtMail): string {
  const text = mail.text ?? '';
  const fromLink = /[?&]token=([^\s&"<]+)/.exec(text)?.[1];
  if (fromLink) return decodeURIComponent(fromLink);
  const code = /^([0-9a-f-]{36}\.[A-Za-z0-9_-]{20,})$/m.exec(text)?.[1];
  expect(code, text).toBeDefined();
  return code!;
}

async function expectInvalidToken(response: Response) {
  expect(response.status).toBe(422);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const problem = await response.json<{ code: string; detail: string; errors: { path: string }[] }>();
  expect(problem).toMatchObject({ code: 'validation_failed', errors: [{ path: 'token' }] });
  return problem.detail;
}

const tokenRows = (userId: string, purpose: string) =>
  testDb().execute<{ id: string }>(
    sql`SELECT id FROM account_tokens WHERE user_id = ${userId} AND purpose = ${purpose}::account_token_purpose`,
  );

describe('email verification', () => {
  it('mails a link at registration that verifies the email, in one round trip, and answers again when opened twice', async () => {
    const session = await registerThroughApi();
    const mail = await latestMailTo(session.user.email);
    expect(mail.from).toMatch(/^Edge Commerce </);
    expect(mail.subject).toBe('Confirm your email address');
    expect(mail.text).toContain('24 hours');
    const link = /https:\/\/api\.test(\/v1\/auth\/email-verification\/confirm\?token=\S+)/.exec(mail.text ?? '')?.[1];
    expect(link, mail.text ?? '').toBeDefined();
    expect(mail.html).toContain('href="https://api.test/v1/auth/email-verification/confirm?token=');
    // The outbox keeps the row id, never the token.
    const { rows } = await testDb().execute<{ data: Record<string, unknown> }>(
      sql`SELECT data FROM mail_messages WHERE to_email = ${session.user.email}`,
    );
    expect(JSON.stringify(rows)).not.toContain(tokenIn(mail));

    const { requests, result } = await countRoundTrips(() => api(link!));
    expect(result.status, await result.clone().text()).toBe(200);
    expect(requests).toBe(1);
    expect(await result.json()).toMatchObject({ id: session.user.id, emailVerified: true });
    // A link scanner opened it first: the person's own click still answers the account.
    expect((await api(link!)).status).toBe(200);
    expect(await (await api('/v1/me', bearer(session.accessToken))).json()).toMatchObject({ emailVerified: true });
  });

  it('writes a store’s mail in its language with a link to its storefront; an unknown store gets the platform’s', async () => {
    const catalog = await createCatalogStore({
      settings: { ...balsamoa.settings, storefrontUrl: 'https://shop.example/tienda/' },
    });
    const session = await registerAt(catalog.slug);
    const mail = await latestMailTo(session.user.email);
    expect(mail.from).toMatch(/^Balsamoa </);
    expect(mail.subject).toBe('Balsamoa: Confirmá tu dirección de email');
    expect(mail.text).toContain('Confirmá que esta dirección es tuya para terminar de crear tu cuenta en Balsamoa.');
    expect(mail.text).toContain('https://shop.example/tienda/verify-email?token=');
    const verified = await post('/v1/auth/email-verification/confirm', { token: tokenIn(mail) });
    expect(verified.status).toBe(200);

    const elsewhere = await registerAt('no-such-store-anywhere');
    const platform = await latestMailTo(elsewhere.user.email);
    expect(platform.subject).toBe('Confirm your email address');
    expect(platform.text).toContain('https://api.test/v1/auth/email-verification/confirm?token=');
  });

  it('resends at most three mails an hour, registration’s included, then 429 with Retry-After; a verified email is a 409', async () => {
    const session = await registerThroughApi();
    const resend = (body?: unknown) =>
      api(
        '/v1/auth/email-verification',
        fromNewAddress(bearer(session.accessToken, body === undefined ? { method: 'POST' } : jsonBody(body))),
      );
    const { requests, result } = await countRoundTrips(() => resend({ store: 'no-such-store' }));
    expect(result.status).toBe(202);
    expect(requests).toBe(1);
    expect((await resend()).status).toBe(202);
    const limited = await resend({});
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ code: 'rate_limited' });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(3500);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect((await tokenRows(session.user.id, 'verify_email')).rows).toHaveLength(3);

    await deliverMailTo([session.user.email]);
    const mails = await mailsTo(session.user.email);
    expect(mails).toHaveLength(3);
    // Each mail has its own token, and any unexpired one works.
    expect(new Set(mails.map(tokenIn)).size).toBe(3);
    expect((await post('/v1/auth/email-verification/confirm', { token: tokenIn(mails[2]!) })).status).toBe(200);
    const again = await resend();
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'conflict' });
  });

  it('keeps to the limit when resends arrive at once', async () => {
    const session = await registerThroughApi();
    const statuses = await Promise.all(
      Array.from({ length: 5 }, () =>
        api('/v1/auth/email-verification', fromNewAddress(bearer(session.accessToken, { method: 'POST' }))),
      ),
    ).then((responses) => responses.map((response) => response.status).sort());
    expect(statuses).toEqual([202, 202, 429, 429, 429]);
    expect((await tokenRows(session.user.id, 'verify_email')).rows).toHaveLength(3);
  });

  it('refuses a forged, unknown, expired or spent token, or one of another purpose, with the same answer, changing nothing', async () => {
    const session = await registerThroughApi();
    const token = tokenIn(await latestMailTo(session.user.email));
    const [id, signature] = token.split('.') as [string, string];
    const confirm = (value: string) => post('/v1/auth/email-verification/confirm', { token: value });

    await testDb().execute(sql`UPDATE account_tokens SET expires_at = now() - interval '1 second' WHERE id = ${id}`);
    const expired = await expectInvalidToken(await confirm(token));
    const forged = await expectInvalidToken(await confirm(`${id}.${signature.slice(0, -2)}AA`));
    const unknown = await expectInvalidToken(await confirm(`${crypto.randomUUID()}.${signature}`));
    const garbage = await expectInvalidToken(await confirm('not-a-token'));
    expect(new Set([expired, forged, unknown, garbage]).size).toBe(1);
    const viaLink = await api(`/v1/auth/email-verification/confirm?token=${encodeURIComponent(token)}`);
    expect(await expectInvalidToken(viaLink)).toBe(expired);
    const { rows } = await testDb().execute<{ email_verified: boolean }>(
      sql`SELECT email_verified FROM users WHERE id = ${session.user.id}`,
    );
    expect(rows[0]!.email_verified).toBe(false);

    // A reset token does not verify an email, and a verification token does not reset a password.
    await post('/v1/auth/password-reset', { email: session.user.email });
    const reset = await latestMailTo(session.user.email, 'Reset your password');
    expect(await expectInvalidToken(await confirm(tokenIn(reset)))).toBe(expired);
    await testDb().execute(sql`UPDATE account_tokens SET expires_at = now() + interval '1 hour' WHERE id = ${id}`);
    expect(
      await expectInvalidToken(await post('/v1/auth/password-reset/confirm', { token, password: NEW_PASSWORD })),
    ).toBe(expired);
    expect((await confirm(token)).status).toBe(200);
  });

  const confirmPath = '/v1/auth/email-verification/confirm';
  type Malformed = [label: string, path: string, body: unknown, status: number];
  const malformed: Malformed[] = [
    ...['/v1/auth/email-verification/confirm', '/v1/auth/password-reset', '/v1/auth/password-reset/confirm'].flatMap(
      (path): Malformed[] => [
        ['no body', path, undefined, 400],
        ['a body that is not JSON', path, '{"token":', 400],
        ['an array', path, [], 422],
      ],
    ),
    ['an empty token', confirmPath, { token: '' }, 422],
    ['a huge token', confirmPath, { token: 'x'.repeat(10_000) }, 422],
    ['a number', confirmPath, { token: 42 }, 422],
    ['an unknown field', confirmPath, { token: 'a.b', email: 'x@example.test' }, 422],
  ];
  it.each(malformed)('answers %s at %s with problem+json', async (_label, path, body, status) => {
    const response = await postRawFromNewAddress(path, body);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  it('refuses a resend without a user token, or with a body it does not know', async () => {
    expect((await api('/v1/auth/email-verification', { method: 'POST' })).status).toBe(401);
    const session = await registerThroughApi();
    const unknown = await api('/v1/auth/email-verification', bearer(session.accessToken, jsonBody({ email: 'x@y.z' })));
    expect(unknown.status).toBe(422);
    const wrongType = await api('/v1/auth/email-verification', bearer(session.accessToken, jsonBody({ store: 7 })));
    expect(wrongType.status).toBe(422);
    expect((await tokenRows(session.user.id, 'verify_email')).rows).toHaveLength(1);
  });
});

async function customerRows(...storeIds: string[]) {
  const { rows } = await testDb().execute<{
    id: string;
    store_id: string;
    user_id: string | null;
    email: string | null;
    order_count: number;
    total_spent: string;
    segment: string;
  }>(sql`SELECT id, store_id, user_id, email, order_count, total_spent, segment FROM customers
    WHERE store_id IN (${sql.join(
      storeIds.map((id) => sql`${id}`),
      sql`, `,
    )}) ORDER BY id`);
  return rows;
}

/** A guest's order of one shirt in `catalog` under `email`, paid by staff. */
async function paidGuestOrder(catalog: CatalogStore, email: string): Promise<PlacedOrder> {
  const order = await placeOrder(catalog, SHIRT, { email });
  const confirmed = await (await ownerOf(catalog))('POST', `/payments/${order.payment!.id}/confirm`);
  expect(confirmed.status, await confirmed.clone().text()).toBe(200);
  return order;
}

describe('guest customers join the verified account', () => {
  it('in every store: a lone guest becomes the account’s, a guest beside the account’s customer merges into it, figures recomputed', async () => {
    const [first, second] = await Promise.all([createCatalogStore(), createCatalogStore()]);
    const email = uniqueEmail('guest');
    const inFirst = await paidGuestOrder(first, email);
    const inSecond = await paidGuestOrder(second, email);
    const session = await registerAt(second.slug, email);

    // Signed in but unverified, the buyer orders in the second store: a customer of theirs without the email (the guest holds it).
    const signedIn = await postCheckout(
      second.slug,
      checkoutBody(second, { items: [{ variantId: second.variant('BAL-RPA-BLA-M').id, quantity: 2 }] }, { email }),
      { headers: { authorization: `Bearer ${session.accessToken}` } },
    );
    expect(signedIn.status, await signedIn.clone().text()).toBe(201);
    const own = await signedIn.json<PlacedOrder>();
    expect((await (await ownerOf(second))('POST', `/payments/${own.payment!.id}/confirm`)).status).toBe(200);
    const before = await customerRows(second.storeId);
    expect(before.map((row) => [row.user_id, row.email])).toEqual(
      expect.arrayContaining([
        [null, email],
        [session.user.id, null],
      ]),
    );
    const guest = before.find((row) => row.user_id === null)!;
    await testDb().execute(sql`INSERT INTO customer_messages (id, store_id, customer_id, channel, direction, text)
      VALUES (uuid_v7(), ${second.storeId}, ${guest.id}, 'whatsapp', 'inbound', 'Hola, ¿llegó mi pedido?')`);
    const mine = async () =>
      (await (await api('/v1/me/orders', bearer(session.accessToken))).json<{ data: { id: string }[] }>()).data;
    expect((await mine()).map((order) => order.id)).toEqual([own.id]);

    const token = tokenIn(await latestMailTo(email, 'Confirmá tu dirección de email'));
    const { requests, result } = await countRoundTrips(() => post('/v1/auth/email-verification/confirm', { token }));
    expect(result.status, await result.clone().text()).toBe(200);
    expect(requests).toBe(1);

    expect((await mine()).map((order) => order.id).sort()).toEqual([inFirst.id, inSecond.id, own.id].sort());
    const after = await customerRows(first.storeId, second.storeId);
    expect(after).toHaveLength(2);
    const byStore = new Map(after.map((row) => [row.store_id, row]));
    expect(byStore.get(first.storeId)).toMatchObject({
      user_id: session.user.id,
      email,
      order_count: 1,
      segment: 'new',
    });
    expect(Number(byStore.get(first.storeId)!.total_spent)).toBe(inFirst.totals.total);
    expect(byStore.get(second.storeId)).toMatchObject({
      user_id: session.user.id,
      email,
      order_count: 2,
      segment: 'regular',
    });
    expect(Number(byStore.get(second.storeId)!.total_spent)).toBe(inSecond.totals.total + own.totals.total);
    const survivor = byStore.get(second.storeId)!.id;
    const { rows: moved } = await testDb().execute<{ customer_id: string }>(
      sql`SELECT customer_id FROM customer_messages WHERE store_id = ${second.storeId}`,
    );
    expect(moved).toEqual([{ customer_id: survivor }]);
    const { rows: audit } = await testDb().execute<{ entity_id: string; before: unknown; actor_id: string }>(
      sql`SELECT entity_id, before, actor_id FROM audit_log WHERE store_id = ${second.storeId} AND action = 'customer.merged'`,
    );
    expect(audit).toEqual([{ entity_id: survivor, before: { mergedCustomerId: guest.id }, actor_id: session.user.id }]);

    // Staff see one customer with both orders.
    const listed = await (await ownerOf(second))('GET', `/customers/${survivor}`);
    expect(await listed.json()).toMatchObject({ email, orderCount: 2, hasAccount: true });
  });
});

describe('password reset', () => {
  it('answers known and unknown emails alike, in one round trip and similar time, and mails only the account', async () => {
    const session = await registerThroughApi();
    const unknown = uniqueEmail('nobody');
    const answers: { status: number; body: string; ms: number; requests: number }[] = [];
    for (const email of [session.user.email, unknown, session.user.email, unknown]) {
      const started = performance.now();
      const { requests, result } = await countRoundTrips(() => post('/v1/auth/password-reset', { email }));
      answers.push({ status: result.status, body: await result.text(), ms: performance.now() - started, requests });
    }
    expect(new Set(answers.map((answer) => `${answer.status} ${answer.body} ${answer.requests}`)).size).toBe(1);
    expect(answers[0]).toMatchObject({ status: 202, requests: 1 });
    const [known1, unknown1, known2, unknown2] = answers.map((answer) => answer.ms) as [number, number, number, number];
    expect(Math.abs(Math.min(known1, known2) - Math.min(unknown1, unknown2))).toBeLessThan(100);

    await deliverMailTo([session.user.email, unknown]);
    expect(await mailsTo(unknown)).toEqual([]);
    const resets = (await mailsTo(session.user.email)).filter((mail) => mail.subject === 'Reset your password');
    expect(resets).toHaveLength(2);
    expect(resets[0]!.text).toContain('https://api.test/v1/auth/password-reset/confirm');
    expect(resets[0]!.text).toContain('1 hour');
  });

  it('sets the new password once, ends every session, and refuses the old access token at /v1/me', async () => {
    const session = await registerThroughApi();
    const other = await (await post('/v1/auth/login', { email: session.user.email, password: TEST_PASSWORD })).json<{
      refreshToken: string;
    }>();
    await post('/v1/auth/password-reset', { email: session.user.email });
    await post('/v1/auth/password-reset', { email: session.user.email });
    await deliverMailTo([session.user.email]);
    const [latest, earlier] = (await mailsTo(session.user.email)).filter(
      (mail) => mail.subject === 'Reset your password',
    );
    const token = tokenIn(latest!);

    const { requests, result } = await countRoundTrips(() =>
      post('/v1/auth/password-reset/confirm', { token, password: NEW_PASSWORD }),
    );
    expect(result.status, await result.clone().text()).toBe(204);
    expect(requests).toBe(1);

    await expectInvalidToken(
      await post('/v1/auth/password-reset/confirm', { token, password: 'another long password' }),
    );
    // The other reset mail of the account is closed too.
    await expectInvalidToken(
      await post('/v1/auth/password-reset/confirm', { token: tokenIn(earlier!), password: 'another long password' }),
    );
    for (const refreshToken of [session.refreshToken, other.refreshToken]) {
      expect((await post('/v1/auth/refresh', { refreshToken })).status).toBe(401);
    }
    expect((await api('/v1/me', bearer(session.accessToken))).status).toBe(401);
    expect((await post('/v1/auth/login', { email: session.user.email, password: TEST_PASSWORD })).status).toBe(401);
    const signedIn = await post('/v1/auth/login', { email: session.user.email, password: NEW_PASSWORD });
    expect(signedIn.status).toBe(200);
    const { refreshToken } = await signedIn.json<{ refreshToken: string }>();
    expect((await post('/v1/auth/refresh', { refreshToken })).status).toBe(200);
  });

  it('refuses an expired token, and a token whose account changed email, with the same answer', async () => {
    const session = await registerThroughApi();
    await post('/v1/auth/password-reset', { email: session.user.email });
    const token = tokenIn(await latestMailTo(session.user.email, 'Reset your password'));
    const id = token.split('.')[0]!;
    await testDb().execute(sql`UPDATE account_tokens SET expires_at = now() - interval '1 second' WHERE id = ${id}`);
    const expired = await expectInvalidToken(
      await post('/v1/auth/password-reset/confirm', { token, password: NEW_PASSWORD }),
    );
    await testDb().execute(sql`UPDATE account_tokens SET expires_at = now() + interval '1 hour' WHERE id = ${id}`);
    await testDb().execute(sql`UPDATE users SET email = ${uniqueEmail('moved')} WHERE id = ${session.user.id}`);
    expect(
      await expectInvalidToken(await post('/v1/auth/password-reset/confirm', { token, password: NEW_PASSWORD })),
    ).toBe(expired);
    const { rows } = await testDb().execute<{ password_changed_at: string | null }>(
      sql`SELECT password_changed_at FROM users WHERE id = ${session.user.id}`,
    );
    expect(rows[0]!.password_changed_at).toBeNull();
    expect((await post('/v1/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(200);
  });

  it('mails an account at most three resets an hour, silently, and a store’s reset links its storefront', async () => {
    const catalog = await createCatalogStore({
      settings: { ...balsamoa.settings, storefrontUrl: 'https://shop.example' },
    });
    const session = await registerAt(catalog.slug);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      statuses.push((await post('/v1/auth/password-reset', { email: session.user.email, store: catalog.slug })).status);
    }
    expect(statuses).toEqual([202, 202, 202, 202, 202]);
    expect((await tokenRows(session.user.id, 'reset_password')).rows).toHaveLength(3);
    const mail = await latestMailTo(session.user.email, 'Restablecé tu contraseña');
    expect(mail.subject).toBe('Balsamoa: Restablecé tu contraseña');
    expect(mail.text).toContain('https://shop.example/reset-password?token=');
    expect(mail.text).toContain('vence en 1 hora.');
  });

  it.each([
    ['an invalid email', '/v1/auth/password-reset', { email: 'not-an-email' }],
    ['a huge email', '/v1/auth/password-reset', { email: `${'a'.repeat(300)}@example.test` }],
    ['an unknown field', '/v1/auth/password-reset', { email: 'a@example.test', role: 'owner' }],
    ['a store that is not text', '/v1/auth/password-reset', { email: 'a@example.test', store: ['x'] }],
    ['a weak password', '/v1/auth/password-reset/confirm', { token: 'a.b', password: 'Password123' }],
    ['a missing password', '/v1/auth/password-reset/confirm', { token: 'a.b' }],
    ['an empty token', '/v1/auth/password-reset/confirm', { token: '', password: NEW_PASSWORD }],
  ])('answers %s with 422', async (_label, path, body) => {
    const response = await post(path, body);
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ code: 'validation_failed' });
  });

  it('limits reset requests from one client address', async () => {
    const statuses = await statusesFromOneAddress('/v1/auth/password-reset', () => ({ email: uniqueEmail('nobody') }));
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(202));
    expect(statuses[10]).toBe(429);
  });
});
