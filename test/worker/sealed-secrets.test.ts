import { describe, expect, it } from 'vitest';
import { toBase64Url } from '../../src/lib/encoding';
import { openSecret, sealSecret } from '../../src/lib/sealed-secrets';

const key = () => toBase64Url(crypto.getRandomValues(new Uint8Array(32)));

describe('sealed secrets (AES-256-GCM)', () => {
  it('open with the same key and context, and differ each time they are sealed', async () => {
    const k = key();
    const first = await sealSecret(k, 'stripe:store-a:secret_key', 'sk_test_123');
    const second = await sealSecret(k, 'stripe:store-a:secret_key', 'sk_test_123');
    expect(first).not.toBe(second);
    expect(first).not.toContain('sk_test');
    expect(await openSecret(k, 'stripe:store-a:secret_key', first)).toBe('sk_test_123');
  });

  it('do not open in another context (another store or field), under another key, or once altered', async () => {
    const k = key();
    const sealed = await sealSecret(k, 'stripe:store-a:secret_key', 'sk_test_123');
    await expect(openSecret(k, 'stripe:store-b:secret_key', sealed)).rejects.toThrow();
    await expect(openSecret(k, 'stripe:store-a:webhook_secret', sealed)).rejects.toThrow();
    await expect(openSecret(key(), 'stripe:store-a:secret_key', sealed)).rejects.toThrow();
    const [version, iv, ciphertext] = sealed.split('.');
    const flipped = ciphertext!.slice(0, -2) + (ciphertext!.at(-2) === 'A' ? 'B' : 'A') + ciphertext!.at(-1);
    await expect(openSecret(k, 'stripe:store-a:secret_key', `${version}.${iv}.${flipped}`)).rejects.toThrow();
    await expect(openSecret(k, 'stripe:store-a:secret_key', 'plain text')).rejects.toThrow('not a sealed secret');
  });

  it('need a 32-byte key', async () => {
    await expect(sealSecret(undefined, 'x', 'y')).rejects.toThrow('PAYMENT_SECRETS_KEY');
    await expect(sealSecret(toBase64Url(new Uint8Array(16)), 'x', 'y')).rejects.toThrow('PAYMENT_SECRETS_KEY');
    await expect(sealSecret('not base64 at all!', 'x', 'y')).rejects.toThrow('PAYMENT_SECRETS_KEY');
  });
});
