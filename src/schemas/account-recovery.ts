import { z } from '@hono/zod-openapi';
import { Email, MailStore, Password } from './auth';

/** A token mailed in a link (`<id>.<signature>`, about 80 characters). */
const Token = z.string().min(1).max(200);

export const VerificationMailBody = z.object({ store: MailStore.optional() }).strict().openapi('VerificationMailBody');

export const EmailVerificationBody = z.object({ token: Token }).strict().openapi('EmailVerificationBody');

export const EmailVerificationQuery = z.object({
  token: Token.openapi({ param: { name: 'token', in: 'query' } }),
});

export const PasswordResetBody = z
  .object({ email: Email, store: MailStore.optional() })
  .strict()
  .openapi('PasswordResetBody');

export const PasswordResetConfirmBody = z
  .object({ token: Token, password: Password })
  .strict()
  .openapi('PasswordResetConfirmBody');

/** The answer of a request for a mail: the same whether or not a mail goes out. */
export const MailRequestedSchema = z.object({ detail: z.string() }).openapi('MailRequested');
