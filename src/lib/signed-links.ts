import { hmacSha256 } from './secrets';
import { fromBase64Url, timingSafeEqual } from './encoding';

/**
 * Tokens mailed in links (verify an email, reset a password, confirm or
 * leave a newsletter): `<id>.<signature>`, where the id names a row and the
 * signature is HMAC-SHA256 of purpose and id under JWT_SECRET. Only the
 * Worker can make one, the database never holds one (the outbox keeps the
 * id; the mail is signed as it is rendered), and a token of one purpose
 * never passes for another. Expiry and single use are the row's to say.
 */
export type LinkPurpose = 'verify_email' | 'reset_password' | 'newsletter_confirm' | 'newsletter_unsubscribe';

const signature = (secret: string, purpose: LinkPurpose, id: string) => hmacSha256(secret, `link:${purpose}:${id}`);

/** The token for row `id` and `purpose`. */
export async function signLink(secret: string, purpose: LinkPurpose, id: string): Promise<string> {
  return `${id}.${await signature(secret, purpose, id)}`;
}

/** The row id a token names, when its signature is ours for `purpose`; undefined for anything else. */
export async function openLink(secret: string, purpose: LinkPurpose, token: string): Promise<string | undefined> {
  const [id, given, ...rest] = token.split('.');
  if (!id || !given || rest.length > 0 || !/^[0-9a-f-]{36}$/.test(id)) return undefined;
  const expected = await signature(secret, purpose, id);
  let givenBytes: Uint8Array;
  try {
    givenBytes = fromBase64Url(given);
  } catch {
    return undefined;
  }
  return timingSafeEqual(givenBytes, fromBase64Url(expected)) ? id : undefined;
}
