import type { MailLanguage } from '../../lib/store-settings';

/**
 * What a template renders a mail from: its `data` (written with the mail),
 * the store it is from (null for the platform's own mails), the language,
 * and the key that signs links (account tokens, unsubscribe links), so no
 * token is ever stored in the outbox: it is signed when the mail is rendered.
 */
export interface MailContext {
  mailId: string;
  store: MailStore | null;
  language: MailLanguage;
  /** JWT_SECRET: templates derive their signing keys from it (lib/signed-links.ts). */
  signingSecret: string;
}

/** The store a mail is from, as templates need it. */
export interface MailStore {
  id: string;
  slug: string;
  name: string;
  /** The storefront's address (`settings.storefrontUrl`), for links; null when the store set none. */
  storefrontUrl: string | null;
  /** The store's IANA time zone (`stores.timezone`), for dates and times in its mails. */
  timezone: string;
}

/** A mail ready for the mail API: plain text and simple HTML, and any headers of its own (List-Unsubscribe). */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
}

/**
 * A template: renders its data in the context's language. `data` is the
 * jsonb the mail was written with; each template declares its own shape.
 */
export type MailTemplate = (data: never, context: MailContext) => RenderedMail | Promise<RenderedMail>;

/** The same words in each language the mails are written in. */
export type Translations<T> = Record<MailLanguage, T>;
