import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { UserEnv } from '../env';
import { requireUser } from '../http/authenticate';
import { clientAddress, enforceRateLimit } from '../http/rate-limit';
import { publicAccess, userAccess } from '../http/security';
import { validationHook } from '../http/validation';
import { openLink } from '../lib/signed-links';
import {
  EmailVerificationBody,
  EmailVerificationQuery,
  MailRequestedSchema,
  PasswordResetBody,
  PasswordResetConfirmBody,
  VerificationMailBody,
} from '../schemas/account-recovery';
import { AccountSchema } from '../schemas/auth';
import { examples, documenting } from '#examples';
import { jsonContent, malformedBody, problemResponses } from '../schemas/common';
import { invalidToken } from '../services/account-recovery/account-mails';
import { verifyEmail } from '../services/account-recovery/confirm';
import { requestPasswordReset, requestVerificationMail } from '../services/account-recovery/requests';
import { resetPassword } from '../services/account-recovery/reset-password';

const rateLimited = documenting && ({ 429: 'Too many requests; `Retry-After` says when to try again' } as const);
const badToken =
  documenting &&
  ({
    ...malformedBody,
    422: 'A field is invalid, or the token is forged, unknown, expired or used (`validation_failed` on `token`)',
  } as const);
const mailRequested = (example: { detail: string }) => ({
  description: documenting && 'Taken: a mail is on its way if there is one to send',
  ...jsonContent(MailRequestedSchema, example),
});
const verifiedAccount = documenting && {
  description: documenting && 'The account, its email verified',
  ...jsonContent(AccountSchema, examples.verifiedAccount),
};

const verificationMailRoute = createRoute({
  method: 'post',
  path: '/v1/auth/email-verification',
  operationId: documenting && 'requestEmailVerification',
  tags: ['Identity'],
  ...userAccess,
  middleware: [requireUser()],
  request: {
    body: { required: false, ...jsonContent(VerificationMailBody, documenting && examples.verificationMail) },
  },
  responses: documenting && {
    202: mailRequested(examples.verificationMailSent),
    ...problemResponses({
      ...malformedBody,
      401: 'No access token, or an invalid or expired one',
      409: 'The email is verified already',
      422: 'A field is invalid',
      ...rateLimited,
    }),
  },
});

const confirmRequest = {
  body: { required: true, ...jsonContent(EmailVerificationBody, documenting && examples.emailVerification) },
};
const confirmResponses = documenting && {
  200: verifiedAccount,
  ...problemResponses(badToken),
};

const confirmVerificationRoute = createRoute({
  method: 'post',
  path: '/v1/auth/email-verification/confirm',
  operationId: documenting && 'confirmEmailVerification',
  ...publicAccess,
  tags: ['Identity'],
  request: confirmRequest,
  responses: documenting && confirmResponses,
});

const confirmVerificationLinkRoute = createRoute({
  method: 'get',
  path: '/v1/auth/email-verification/confirm',
  operationId: documenting && 'openEmailVerificationLink',
  ...publicAccess,
  tags: ['Identity'],
  request: { query: EmailVerificationQuery },
  responses: documenting && confirmResponses,
});

const passwordResetRoute = createRoute({
  method: 'post',
  path: '/v1/auth/password-reset',
  operationId: documenting && 'requestPasswordReset',
  ...publicAccess,
  tags: ['Identity'],
  request: { body: { required: true, ...jsonContent(PasswordResetBody, documenting && examples.passwordReset) } },
  responses: documenting && {
    202: mailRequested(examples.passwordResetRequested),
    ...problemResponses({ ...malformedBody, 422: 'A field is invalid', ...rateLimited }),
  },
});

const passwordResetConfirmRoute = createRoute({
  method: 'post',
  path: '/v1/auth/password-reset/confirm',
  operationId: documenting && 'confirmPasswordReset',
  ...publicAccess,
  tags: ['Identity'],
  request: {
    body: { required: true, ...jsonContent(PasswordResetConfirmBody, documenting && examples.passwordResetConfirm) },
  },
  responses: documenting && {
    204: { description: 'The password is set and every session of the account has ended' },
    ...problemResponses({ ...badToken, ...rateLimited }),
  },
});

/** What an account mail asked for in this request needs: the API's origin for its links, and the store it is for. */
const mailSource = (c: Context, store?: string) => ({ apiOrigin: new URL(c.req.url).origin, store });

/** The row a mailed token names, when its signature is ours for `purpose`; else the one invalid-token answer. */
async function tokenRow(c: Context<UserEnv>, purpose: 'verify_email' | 'reset_password', token: string) {
  const id = await openLink(c.env.JWT_SECRET, purpose, token);
  if (!id) throw invalidToken();
  return id;
}

const PASSWORD_RESET_ANSWER = {
  detail: 'If an account has this email, a link to set a new password is on its way. It works for one hour.',
};

/** Email verification and password reset, by mailed single-use tokens. */
export const accountRecoveryRoutes = new OpenAPIHono<UserEnv>({ defaultHook: validationHook })
  .openapi(verificationMailRoute, async (c) => {
    await enforceRateLimit(c.env.AUTH_RATE_LIMITER, 'verification-mail', clientAddress(c));
    const { store } = c.req.valid('json') ?? {};
    await requestVerificationMail(c.var.db, c.var.user.userId, mailSource(c, store));
    return c.json({ detail: 'A new verification link is on its way. It works for 24 hours.' }, 202);
  })
  .openapi(confirmVerificationRoute, async (c) => {
    const id = await tokenRow(c, 'verify_email', c.req.valid('json').token);
    return c.json(await verifyEmail(c.var.db, id, c.var.requestId), 200);
  })
  .openapi(confirmVerificationLinkRoute, async (c) => {
    const id = await tokenRow(c, 'verify_email', c.req.valid('query').token);
    return c.json(await verifyEmail(c.var.db, id, c.var.requestId), 200);
  })
  .openapi(passwordResetRoute, async (c) => {
    await enforceRateLimit(c.env.AUTH_RATE_LIMITER, 'password-reset', clientAddress(c));
    const { email, store } = c.req.valid('json');
    await requestPasswordReset(c.var.db, email, mailSource(c, store));
    return c.json(PASSWORD_RESET_ANSWER, 202);
  })
  .openapi(passwordResetConfirmRoute, async (c) => {
    await enforceRateLimit(c.env.AUTH_RATE_LIMITER, 'password-reset-confirm', clientAddress(c));
    const { token, password } = c.req.valid('json');
    await resetPassword(c.var.db, await tokenRow(c, 'reset_password', token), password);
    return c.body(null, 204);
  });
