import { z } from '@hono/zod-openapi';
import { MEMBER_ROLES } from '../lib/permissions';

/** Emails are trimmed and lower-cased before anything else sees them, so `Ana@X.com` and `ana@x.com` are one account. */
export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email().max(254))
  .openapi({ type: 'string', format: 'email', example: 'ana@example.com' });

/** Passwords that pass any length rule and still fall to the first guesses of an attacker. */
const COMMON_PASSWORDS = new Set([
  '1234567890',
  '12345678910',
  '0123456789',
  '1111111111',
  'password123',
  'password1234',
  'passwordpassword',
  'qwertyuiop',
  'qwerty123456',
  'iloveyou123',
  'abcdefghij',
  'letmein123',
  'welcome123',
  'administrator',
  'contraseña123',
]);

/**
 * NIST SP 800-63B's policy: length over composition rules. 10 to 128
 * characters (the ceiling bounds hashing work), not a well-known password,
 * not one character repeated.
 */
export const Password = z
  .string()
  .min(10, 'Use at least 10 characters.')
  .max(128, 'Use at most 128 characters.')
  .refine((password) => !COMMON_PASSWORDS.has(password.toLowerCase()), 'This password is too common.')
  .refine((password) => new Set(password).size > 1, 'This password is one character repeated.')
  .openapi({ example: 'correct horse battery staple' });

/** The store an account mail is asked for from: any slug; an unknown or closed one makes a platform mail, never an error. */
export const MailStore = z.string().trim().toLowerCase().min(1).max(63).openapi({
  example: 'balsamoa',
});

export const RegisterBody = z
  .object({ email: Email, name: z.string().trim().min(1).max(200), password: Password, store: MailStore.optional() })
  .strict()
  .refine(
    (body) => !body.password.toLowerCase().includes(body.email.split('@')[0]!) || body.email.split('@')[0]!.length < 4,
    {
      message: 'The password must not contain your email address.',
      path: ['password'],
    },
  )
  .openapi('RegisterBody');

/** Login checks whatever was typed: the policy applies when a password is set, not when it is tried. */
export const LoginBody = z
  .object({ email: Email, password: z.string().min(1).max(128) })
  .strict()
  .openapi('LoginBody');

export const RefreshTokenBody = z
  .object({
    refreshToken: z.string().min(1).max(200),
  })
  .strict()
  .openapi('RefreshTokenBody');

export const ExternalTokenBody = z
  .object({
    token: z.string().min(1).max(8192),
  })
  .strict()
  .openapi('ExternalTokenBody');

const StoreRoleSchema = z.object({ id: z.uuid(), slug: z.string(), role: z.enum(MEMBER_ROLES) }).openapi('StoreRole');

export const AccountSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    emailVerified: z.boolean(),
    createdAt: z.string().openapi({ format: 'date-time' }),
    stores: z.array(StoreRoleSchema),
  })
  .openapi('Account');

const accessTokenFields = {
  accessToken: z.string(),
  expiresIn: z.number().int().openapi({ example: 900 }),
};

export const SessionSchema = z
  .object({
    user: AccountSchema,
    ...accessTokenFields,
    refreshToken: z.string(),
  })
  .openapi('Session');

export const AccessTokenSchema = z.object(accessTokenFields).openapi('AccessToken');
