import type { Context } from 'hono';
import type { LinkedSubscriber } from '../services/newsletter/links';
import { escapeHtml } from '../services/mail/templates/layout';
import type { MailLanguage } from '../lib/store-settings';
import { LINK_DETAILS } from '../schemas/newsletter';

/**
 * What the links of newsletter mails answer. A browser (an `Accept` that
 * names text/html: someone who clicked) gets a tiny page in the store's
 * language; any other client gets JSON. The page that offers to
 * unsubscribe is a button that POSTs: a GET never unsubscribes, since mail
 * scanners and prefetchers open links nobody clicked.
 */

export type LinkOutcome = keyof typeof LINK_DETAILS;

/** Each outcome in each language: a title, a sentence, and for the offer its button. */
const words: Record<
  MailLanguage,
  Record<LinkOutcome, (store: string, email: string) => [string, string]> & { button: string }
> = {
  en: {
    confirmed: (store) => ['Subscribed', `You are subscribed to ${store}’s newsletter.`],
    unsubscribed: (store, email) => ['Unsubscribed', `${email} will get no more of ${store}’s newsletter.`],
    offer: (store, email) => ['Unsubscribe', `Stop sending ${store}’s newsletter to ${email}?`],
    button: 'Unsubscribe',
  },
  es: {
    confirmed: (store) => [
      'Suscripción confirmada',
      `Listo: tu suscripción al newsletter de ${store} está confirmada.`,
    ],
    unsubscribed: (store, email) => ['Baja confirmada', `${email} ya no va a recibir el newsletter de ${store}.`],
    offer: (store, email) => ['Darte de baja', `¿Dejamos de enviarle el newsletter de ${store} a ${email}?`],
    button: 'Darme de baja',
  },
  id: {
    confirmed: (store) => ['Langganan dikonfirmasi', `Anda sudah berlangganan newsletter ${store}.`],
    unsubscribed: (store, email) => ['Langganan dihentikan', `${email} tidak akan menerima newsletter ${store} lagi.`],
    offer: (store, email) => ['Berhenti berlangganan', `Berhenti mengirim newsletter ${store} ke ${email}?`],
    button: 'Berhenti berlangganan',
  },
};

/** The page: no script, no resource from anywhere, and the token in its URL is never sent on as a referrer. */
const PAGE_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
};

function page(language: MailLanguage, title: string, text: string, button?: string): string {
  const form = button
    ? `<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button>${escapeHtml(button)}</button></form>`
    : '';
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head><body style="font-family:sans-serif;max-width:600px;margin:2em auto"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>${form}</body></html>`;
}

/**
 * The answer of a newsletter link: `outcome` for `subscriber`. An offer to
 * someone already out is answered as their unsubscription.
 */
export function linkAnswer(c: Context, requested: LinkOutcome, subscriber: LinkedSubscriber) {
  const outcome = requested === 'offer' && subscriber.status === 'unsubscribed' ? 'unsubscribed' : requested;
  // A page or JSON by `Accept`, about one person: never stored.
  c.header('Vary', 'Accept');
  c.header('Cache-Control', 'no-store');
  if (c.req.header('accept')?.includes('text/html')) {
    const t = words[subscriber.language];
    const [title, text] = t[outcome](subscriber.storeName, subscriber.email);
    return c.html(
      page(subscriber.language, title, text, outcome === 'offer' ? t.button : undefined),
      200,
      PAGE_HEADERS,
    );
  }
  const { status, email, storeName } = subscriber;
  return c.json({ status, email, storeName, detail: LINK_DETAILS[outcome] }, 200);
}
