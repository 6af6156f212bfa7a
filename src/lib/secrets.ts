import { toBase64Url } from './encoding';

/** A random, URL-safe secret of `bytes` bytes of entropy (32 bytes = 256 bits by default). */
export function randomSecret(bytes = 32): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/**
 * SHA-256 of a text, base64url. Enough for secrets we generate ourselves
 * (refresh tokens, API keys, invitations): with 256 bits of entropy there is
 * nothing to brute-force, so the slow hash that passwords need would only
 * cost time on every request.
 */
export async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return toBase64Url(new Uint8Array(digest));
}

/** HMAC-SHA256 of `message` under `secret`, as bytes. */
export async function hmacSha256Bytes(secret: string, message: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(secret), new TextEncoder().encode(message)));
}

/**
 * The HMAC-SHA256 key of a secret, imported once per isolate: the Worker's
 * own secrets (order tokens, JWTs) and the few stores' webhook secrets sign
 * or verify on every checkout, webhook and authenticated request, and
 * importing costs as much as signing.
 */
export function hmacKey(secret: string): Promise<CryptoKey> {
  let key = hmacKeys.get(secret);
  if (!key) {
    if (hmacKeys.size >= MAX_HMAC_KEYS) hmacKeys.clear();
    key = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
    hmacKeys.set(secret, key);
    key.catch(() => hmacKeys.delete(secret));
  }
  return key;
}
const hmacKeys = new Map<string, Promise<CryptoKey>>();
const MAX_HMAC_KEYS = 100;

/** HMAC-SHA256 of `message` under `secret`, base64url: a value only the holder of the secret can make, and remake. */
export async function hmacSha256(secret: string, message: string): Promise<string> {
  return toBase64Url(await hmacSha256Bytes(secret, message));
}
