import { describe, expect, it } from 'vitest';
import { hashPassword, PBKDF2_ITERATIONS, verifyPassword } from '../../src/lib/password';

/** Production Workers refuse PBKDF2 above this; wrangler dev and these tests do not, so we check it ourselves. */
const PRODUCTION_PBKDF2_LIMIT = 100_000;

describe('password hashing', () => {
  it('never asks for more PBKDF2 iterations than a production Worker allows', async () => {
    expect(PBKDF2_ITERATIONS).toBeLessThanOrEqual(PRODUCTION_PBKDF2_LIMIT);
    const [, iterations] = (await hashPassword('correct horse battery staple')).split('$');
    expect(Number(iterations)).toBeLessThanOrEqual(PRODUCTION_PBKDF2_LIMIT);
  });

  it('stores its parameters with a salted hash, different every time', async () => {
    const first = await hashPassword('correct horse battery staple');
    const second = await hashPassword('correct horse battery staple');
    expect(first).toMatch(/^pbkdf2-sha256\$100000\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(first).not.toBe(second);
  });

  it('verifies the right password and refuses a wrong, tampered or malformed one', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', stored)).toBe(false);
    const [algorithm, iterations, salt, hash] = stored.split('$');
    // The first character: all six of its bits are in the hash (the last one's low bits are padding).
    const flipped = `${hash!.startsWith('A') ? 'B' : 'A'}${hash!.slice(1)}`;
    expect(await verifyPassword('correct horse battery staple', [algorithm, iterations, salt, flipped].join('$'))).toBe(
      false,
    );
    expect(await verifyPassword('correct horse battery staple', [algorithm, '1000001', salt, hash].join('$'))).toBe(
      false,
    );
    expect(await verifyPassword('correct horse battery staple', 'not-a-hash')).toBe(false);
  });
});
