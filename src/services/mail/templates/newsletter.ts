import { signLink } from '../../../lib/signed-links';
import type { ConfirmationMailData } from '../../newsletter/signup';
import type { MailContext, MailStore, MailTemplate, Translations } from '../render';
import { composeMail } from './layout';

/**
 * A store's newsletter mails. Each carries its one-click unsubscribe link
 * (RFC 8058): in the `List-Unsubscribe` and `List-Unsubscribe-Post`
 * headers, which mail clients show as their own button and POST to, and in
 * the body. Links are signed as the mail is rendered; the outbox keeps only
 * the subscriber's id.
 */

const words = {
  en: {
    subject: (store: string) => `Confirm your subscription to ${store}’s newsletter`,
    heading: 'One more step',
    asked: (store: string) =>
      `You (or someone using this address) asked to receive ${store}’s newsletter. Confirm it was you with the link below; until then we send you nothing more.`,
    confirm: 'Confirm my subscription',
    ignore: 'The link works for 7 days. If you did not ask for this, ignore this mail: you will not be subscribed.',
    unsubscribe: 'Unsubscribe',
  },
  es: {
    subject: (store: string) => `Confirmá tu suscripción al newsletter de ${store}`,
    heading: 'Un paso más',
    asked: (store: string) =>
      `Vos (o alguien con esta dirección) pediste recibir el newsletter de ${store}. Confirmá que fuiste vos con el enlace de abajo; hasta entonces no te enviamos nada más.`,
    confirm: 'Confirmar mi suscripción',
    ignore: 'El enlace vale por 7 días. Si no lo pediste, ignorá este correo: no te vamos a suscribir.',
    unsubscribe: 'Darme de baja',
  },
  id: {
    subject: (store: string) => `Konfirmasi langganan newsletter ${store}`,
    heading: 'Satu langkah lagi',
    asked: (store: string) =>
      `Anda (atau seseorang yang memakai alamat ini) meminta untuk menerima newsletter ${store}. Konfirmasikan lewat tautan di bawah ini; sebelum itu kami tidak mengirim apa pun lagi.`,
    confirm: 'Konfirmasi langganan saya',
    ignore:
      'Tautan ini berlaku selama 7 hari. Jika Anda tidak memintanya, abaikan email ini: Anda tidak akan didaftarkan.',
    unsubscribe: 'Berhenti berlangganan',
  },
} satisfies Translations<Record<string, unknown>>;

/** A link to the API's own newsletter page `page` of the store, with `token`. */
function apiPage(apiOrigin: string, store: MailStore, page: 'confirm' | 'unsubscribe', token: string): string {
  return `${apiOrigin}/v1/stores/${encodeURIComponent(store.slug)}/newsletter/${page}?token=${encodeURIComponent(token)}`;
}

/** The store a newsletter mail is from: there is no newsletter of the platform's own. */
function storeOf(context: MailContext): MailStore {
  if (!context.store) throw new Error('a newsletter mail needs its store');
  return context.store;
}

/** The one-click unsubscribe link of subscriber `subscriberId`, and the headers that offer it (RFC 8058). */
export async function unsubscribeLink(context: MailContext, data: ConfirmationMailData) {
  const token = await signLink(context.signingSecret, 'newsletter_unsubscribe', data.subscriberId);
  const url = apiPage(data.apiOrigin, storeOf(context), 'unsubscribe', token);
  return {
    url,
    headers: { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}

/**
 * The double opt-in mail: a link to confirm (the storefront's
 * `/newsletter/confirm` page when the store set `storefrontUrl`, else the
 * API's own), what it is for, and the unsubscribe link.
 */
const confirmNewsletter = async (data: ConfirmationMailData, context: MailContext) => {
  const t = words[context.language];
  const store = storeOf(context);
  const token = await signLink(context.signingSecret, 'newsletter_confirm', data.subscriberId);
  const confirmUrl = store.storefrontUrl
    ? `${store.storefrontUrl.replace(/\/+$/, '')}/newsletter/confirm?token=${encodeURIComponent(token)}`
    : apiPage(data.apiOrigin, store, 'confirm', token);
  const unsubscribe = await unsubscribeLink(context, data);
  return composeMail(
    {
      subject: t.subject(store.name),
      heading: t.heading,
      blocks: [
        { paragraph: t.asked(store.name) },
        { link: { label: t.confirm, url: confirmUrl } },
        { paragraph: t.ignore },
        { link: { label: t.unsubscribe, url: unsubscribe.url } },
      ],
    },
    unsubscribe.headers,
  );
};

export const newsletterTemplates: Record<'newsletter.confirm', MailTemplate> = {
  'newsletter.confirm': confirmNewsletter,
};
