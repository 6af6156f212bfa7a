import { timingSafeEqual, toHex } from '../../lib/encoding';
import { hmacSha256Bytes } from '../../lib/secrets';

/** How far a signature's timestamp may be from now, either way, before the delivery is refused as stale (Stripe's default). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type SignatureCheck = { valid: true } | { valid: false; reason: string };

/** Stripe signs with HMAC-SHA256 in lower-case hex. */
async function hmacHex(secret: string, message: string): Promise<string> {
  return toHex(await hmacSha256Bytes(secret, message));
}

/**
 * Checks a `Stripe-Signature` header (`t=<unix seconds>,v1=<hex>,v1=...`)
 * against the raw body: HMAC-SHA256 of `<t>.<body>` under the endpoint's
 * signing secret must equal one of the `v1` entries (several during a
 * secret's rotation), compared in constant time, and `t` must be within the
 * tolerance of now, in either direction, so an old delivery cannot be replayed.
 */
export async function verifyStripeSignature(
  header: string | undefined,
  payload: string,
  secret: string,
  nowMs = Date.now(),
): Promise<SignatureCheck> {
  if (!header) return { valid: false, reason: 'no Stripe-Signature header' };
  const entries = header.split(',').map((part) => part.trim().split('='));
  const timestamps = entries.filter(([name]) => name === 't').map(([, value]) => value ?? '');
  const signatures = entries.filter(([name, value]) => name === 'v1' && value).map(([, value]) => value!);
  if (timestamps.length !== 1 || !/^\d{1,12}$/.test(timestamps[0]!) || signatures.length === 0) {
    return { valid: false, reason: 'malformed Stripe-Signature header' };
  }
  const timestamp = Number(timestamps[0]);
  if (Math.abs(nowMs / 1000 - timestamp) > SIGNATURE_TOLERANCE_SECONDS)
    return { valid: false, reason: 'timestamp outside the tolerance' };
  const expected = new TextEncoder().encode(await hmacHex(secret, `${timestamp}.${payload}`));
  // Every entry is compared, so the time taken does not tell which one matched.
  let matched = false;
  for (const signature of signatures)
    matched = timingSafeEqual(expected, new TextEncoder().encode(signature)) || matched;
  return matched ? { valid: true } : { valid: false, reason: 'no signature matches' };
}
