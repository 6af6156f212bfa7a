import { toBase64 } from '../../lib/encoding';
import { openSecret, sealSecret } from '../../lib/sealed-secrets';

/**
 * A webhook endpoint's signing secret, in the Standard Webhooks format:
 * `whsec_` and 24 random bytes in base64 (the receiver's libraries, e.g.
 * `standardwebhooks`, take it as is). The Worker needs it in clear to sign,
 * so it is kept sealed under PAYMENT_SECRETS_KEY (lib/sealed-secrets.ts),
 * bound to its endpoint, and shown to staff only once, when it is made.
 */
export const SECRET_PREFIX = 'whsec_';

export function newEndpointSecret(): string {
  return SECRET_PREFIX + toBase64(crypto.getRandomValues(new Uint8Array(24)));
}

/** What a sealed secret is bound to: its endpoint, so it opens nowhere else. */
const sealingContext = (endpointId: string) => `webhook-endpoint:${endpointId}`;

export function sealEndpointSecret(
  sealingKey: string | undefined,
  endpointId: string,
  secret: string,
): Promise<string> {
  return sealSecret(sealingKey, sealingContext(endpointId), secret);
}

export function openEndpointSecret(
  sealingKey: string | undefined,
  endpointId: string,
  sealed: string,
): Promise<string> {
  return openSecret(sealingKey, sealingContext(endpointId), sealed);
}
