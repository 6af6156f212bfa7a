import { fromBase64Url, toBase64Url } from './encoding';

/**
 * Secrets a store gives us (its Stripe secret key and webhook signing secret)
 * are kept sealed: AES-256-GCM under a key that only the Worker holds (the
 * PAYMENT_SECRETS_KEY secret, 32 random bytes in base64url), never in the
 * database. Each sealed value is bound to what it is for (`context`, e.g.
 * the store id and field), as GCM's additional data: a ciphertext moved to
 * another store's row, or to another field, fails to open.
 *
 * Format: `v1.<12-byte IV>.<ciphertext and tag>`, both base64url.
 */

const VERSION = 'v1';

async function importKey(keyText: string | undefined): Promise<CryptoKey> {
  let raw: Uint8Array<ArrayBuffer> | undefined;
  try {
    raw = keyText ? fromBase64Url(keyText.trim()) : undefined;
  } catch {
    raw = undefined;
  }
  if (raw?.length !== 32) throw new Error('PAYMENT_SECRETS_KEY must be 32 random bytes in base64url');
  return crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

/** `plaintext` sealed under `keyText`, bound to `context`. A fresh random IV each time. */
export async function sealSecret(keyText: string | undefined, context: string, plaintext: string): Promise<string> {
  const key = await importKey(keyText);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(context) },
    key,
    new TextEncoder().encode(plaintext),
  );
  return `${VERSION}.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(sealed))}`;
}

/** The plaintext of a value `sealSecret` made with the same key and context; throws if it was altered or moved. */
export async function openSecret(keyText: string | undefined, context: string, sealed: string): Promise<string> {
  const [version, iv, ciphertext] = sealed.split('.');
  if (version !== VERSION || !iv || !ciphertext) throw new Error('not a sealed secret');
  const key = await importKey(keyText);
  const plaintext = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: fromBase64Url(iv), additionalData: new TextEncoder().encode(context) },
    key,
    fromBase64Url(ciphertext),
  );
  return new TextDecoder().decode(plaintext);
}
