import type { z } from '@hono/zod-openapi';
import type {
  EmailVerificationBody,
  MailRequestedSchema,
  PasswordResetBody,
  PasswordResetConfirmBody,
  VerificationMailBody,
} from '../../schemas/account-recovery';
import type { AccountSchema } from '../../schemas/auth';
import { buyerSession } from './auth';
import { BUYER_EMAIL } from './story';

/** Whole-body examples of src/schemas/account-recovery.ts: Lucía verifies her email, and later forgets her password. */

/** A mailed token: the account token row's id and its signature. */
const MAILED_TOKEN = '019ad8e4-2f4b-4a7e-9c51-3e8d2b7f6a10.k3Jx9Qm2VnR8wT5yL0pZcH7sB4dF1gA6eU9iO2rN3tM';

export const verificationMail = { store: 'balsamoa' } satisfies z.input<typeof VerificationMailBody>;

export const verificationMailSent = {
  detail: 'A new verification link is on its way. It works for 24 hours.',
} satisfies z.output<typeof MailRequestedSchema>;

export const emailVerification = { token: MAILED_TOKEN } satisfies z.input<typeof EmailVerificationBody>;

/** Lucía's account once her email is verified: her guest orders are hers now. */
export const verifiedAccount = { ...buyerSession.user, emailVerified: true } satisfies z.output<typeof AccountSchema>;

export const passwordReset = { email: BUYER_EMAIL, store: 'balsamoa' } satisfies z.input<typeof PasswordResetBody>;

export const passwordResetRequested = {
  detail: 'If an account has this email, a link to set a new password is on its way. It works for one hour.',
} satisfies z.output<typeof MailRequestedSchema>;

export const passwordResetConfirm = {
  token: MAILED_TOKEN,
  password: 'alfajores de maicena 2027',
} satisfies z.input<typeof PasswordResetConfirmBody>;
