import { signLink } from '../../../lib/signed-links';
import { type AccountMailData, ACCOUNT_TOKENS } from '../../account-recovery/account-mails';
import type { MailContext, MailTemplate, Translations } from '../render';
import { type Block, composeMail } from './layout';

/**
 * The account's mails: verify an email (24 hours) and set a new password
 * (1 hour). The token is signed here, as the mail is rendered, from the row
 * id the mail's data keeps. Links open the store's storefront pages
 * (`/verify-email`, `/reset-password`, with `?token=`) when it set
 * `storefrontUrl`; otherwise verification links the API's own confirm URL
 * (it answers a GET), and a reset mail gives the token as a code to enter
 * with the new password.
 */

const words = {
  en: {
    greeting: (name: string) => `Hi ${name},`,
    verifySubject: 'Confirm your email address',
    verifyAsk: (store: string | null) =>
      `Confirm that this address is yours to finish setting up your account${store ? ` at ${store}` : ''}.`,
    verifyLink: 'Confirm my email',
    verifyIgnore: (hours: number) =>
      `The link works once, for ${hours} hours. If you did not create an account, ignore this mail.`,
    resetSubject: 'Reset your password',
    resetAsk: (store: string | null) =>
      `Someone (we hope you) asked to set a new password for your account${store ? ` at ${store}` : ''}.`,
    resetLink: 'Choose a new password',
    resetCode: 'Your code to set a new password:',
    resetHow: (url: string) =>
      `Enter it with your new password where you asked for the reset (apps: POST it with the new password to ${url}).`,
    resetIgnore: (hours: number) =>
      `It works once, for ${hours} hour${hours === 1 ? '' : 's'}. If you did not ask for it, ignore this mail: your password stays as it is.`,
  },
  es: {
    greeting: (name: string) => `Hola, ${name}:`,
    verifySubject: 'Confirmá tu dirección de email',
    verifyAsk: (store: string | null) =>
      `Confirmá que esta dirección es tuya para terminar de crear tu cuenta${store ? ` en ${store}` : ''}.`,
    verifyLink: 'Confirmar mi email',
    verifyIgnore: (hours: number) =>
      `El enlace sirve una sola vez y vence en ${hours} horas. Si no creaste una cuenta, ignorá este mensaje.`,
    resetSubject: 'Restablecé tu contraseña',
    resetAsk: (store: string | null) =>
      `Alguien (esperamos que vos) pidió una contraseña nueva para tu cuenta${store ? ` en ${store}` : ''}.`,
    resetLink: 'Elegir una contraseña nueva',
    resetCode: 'Tu código para elegir una contraseña nueva:',
    resetHow: (url: string) =>
      `Ingresalo junto con tu contraseña nueva donde pediste el cambio (para apps: enviarlo con POST junto con la contraseña nueva a ${url}).`,
    resetIgnore: (hours: number) =>
      `Sirve una sola vez y vence en ${hours} hora${hours === 1 ? '' : 's'}. Si no lo pediste, ignorá este mensaje: tu contraseña sigue igual.`,
  },
  id: {
    greeting: (name: string) => `Halo ${name},`,
    verifySubject: 'Konfirmasi alamat email Anda',
    verifyAsk: (store: string | null) =>
      `Konfirmasikan bahwa alamat ini milik Anda untuk menyelesaikan pembuatan akun${store ? ` di ${store}` : ''}.`,
    verifyLink: 'Konfirmasi email saya',
    verifyIgnore: (hours: number) =>
      `Tautan ini hanya dapat dipakai sekali dan berlaku selama ${hours} jam. Jika Anda tidak membuat akun, abaikan email ini.`,
    resetSubject: 'Atur ulang kata sandi Anda',
    resetAsk: (store: string | null) =>
      `Ada permintaan untuk membuat kata sandi baru bagi akun Anda${store ? ` di ${store}` : ''}.`,
    resetLink: 'Buat kata sandi baru',
    resetCode: 'Kode Anda untuk membuat kata sandi baru:',
    resetHow: (url: string) =>
      `Masukkan kode ini bersama kata sandi baru di tempat Anda memintanya (untuk aplikasi: kirim dengan POST bersama kata sandi baru ke ${url}).`,
    resetIgnore: (hours: number) =>
      `Kode ini hanya dapat dipakai sekali dan berlaku selama ${hours} jam. Jika Anda tidak memintanya, abaikan email ini: kata sandi Anda tidak berubah.`,
  },
} satisfies Translations<Record<string, unknown>>;

/** The storefront's page `page` with the token, or undefined when the store has no storefront address. */
function storefrontPage(context: MailContext, page: string, token: string): string | undefined {
  if (!context.store?.storefrontUrl) return undefined;
  const url = new URL(context.store.storefrontUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${page}`;
  url.searchParams.set('token', token);
  return url.href;
}

const subjectOf = (context: MailContext, subject: string) =>
  context.store ? `${context.store.name}: ${subject}` : subject;

const verifyEmail = async (data: AccountMailData, context: MailContext) => {
  const t = words[context.language];
  const token = await signLink(context.signingSecret, 'verify_email', data.tokenId);
  const url =
    storefrontPage(context, 'verify-email', token) ??
    `${data.apiOrigin}/v1/auth/email-verification/confirm?token=${encodeURIComponent(token)}`;
  return composeMail({
    subject: subjectOf(context, t.verifySubject),
    heading: t.verifySubject,
    blocks: [
      { paragraph: t.greeting(data.name) },
      { paragraph: t.verifyAsk(context.store?.name ?? null) },
      { link: { label: t.verifyLink, url } },
      { paragraph: t.verifyIgnore(ACCOUNT_TOKENS.verify_email.ttlHours) },
    ],
  });
};

const resetPassword = async (data: AccountMailData, context: MailContext) => {
  const t = words[context.language];
  const token = await signLink(context.signingSecret, 'reset_password', data.tokenId);
  const url = storefrontPage(context, 'reset-password', token);
  const how: Block[] = url
    ? [{ link: { label: t.resetLink, url } }]
    : [
        { paragraph: t.resetCode },
        { preformatted: token },
        { paragraph: t.resetHow(`${data.apiOrigin}/v1/auth/password-reset/confirm`) },
      ];
  return composeMail({
    subject: subjectOf(context, t.resetSubject),
    heading: t.resetSubject,
    blocks: [
      { paragraph: t.greeting(data.name) },
      { paragraph: t.resetAsk(context.store?.name ?? null) },
      ...how,
      { paragraph: t.resetIgnore(ACCOUNT_TOKENS.reset_password.ttlHours) },
    ],
  });
};

export const accountTemplates: Record<string, MailTemplate> = {
  [ACCOUNT_TOKENS.verify_email.template]: verifyEmail,
  [ACCOUNT_TOKENS.reset_password.template]: resetPassword,
};
