import { fromBase64Url, toBase64 } from './encoding';

/**
 * Signing as the Standard Webhooks specification says (standardwebhooks.com),
 * so receivers verify with its libraries: the key is the secret's bytes (the
 * base64 after `whsec_`), the signed content `id.timestamp.body`, and each
 * signature `v1,<base64 HMAC-SHA256>`; several, space-separated, while a
 * rotated-out secret still signs.
 */
const SECRET_PREFIX = 'whsec_';

async function signOne(secret: string, content: BufferSource): Promise<string> {
  const raw = fromBase64Url(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret);
  const key = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return `v1,${toBase64(new Uint8Array(await crypto.subtle.sign('HMAC', key, content)))}`;
}

/** The three headers of a delivery: `webhook-id`, `webhook-timestamp` (seconds) and `webhook-signature`. */
export async function standardWebhookHeaders(
  secrets: readonly string[],
  id: string,
  timestampSeconds: number,
  body: string,
): Promise<Record<string, string>> {
  const content = new TextEncoder().encode(`${id}.${timestampSeconds}.${body}`);
  const signatures = await Promise.all(secrets.map((secret) => signOne(secret, content)));
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': signatures.join(' '),
  };
}
