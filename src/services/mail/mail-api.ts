import type { RenderedMail } from './render';

/**
 * The mail API, in Resend's `POST /emails` shape (the dev server's mail
 * catcher speaks it too): where it is, its key and the address mails come
 * from. Without a key nothing is sent: each attempt fails and is retried,
 * so mail written before the key was set still goes once it is.
 */
export interface MailApi {
  baseUrl: string;
  apiKey: string | undefined;
  fromAddress: string;
  timeoutMs?: number;
}

/** Resend's origin, unless MAIL_API_URL says otherwise. */
export const DEFAULT_MAIL_API_URL = 'https://api.resend.com';
const DEFAULT_FROM_ADDRESS = 'no-reply@example.com';
const TIMEOUT_MS = 10_000;

/** The mail API of the Worker's bindings. */
export function mailApiOf(env: { MAIL_API_URL?: string; MAIL_API_KEY?: string; MAIL_FROM?: string }): MailApi {
  return {
    baseUrl: env.MAIL_API_URL || DEFAULT_MAIL_API_URL,
    apiKey: env.MAIL_API_KEY || undefined,
    fromAddress: env.MAIL_FROM || DEFAULT_FROM_ADDRESS,
  };
}

/** What one attempt came to. */
export interface MailOutcome {
  ok: boolean;
  /** The mail API's message id, when it took the mail. */
  providerMessageId: string | null;
  error: string | null;
  /** The mail API refused the mail itself (a 4xx but 408, 409 and 429): trying again cannot help. */
  permanent: boolean;
}

export interface OutgoingMail extends RenderedMail {
  idempotencyKey: string;
  fromName: string;
  to: string;
  replyTo: string | null;
}

/** Answers that trying again may change: a timeout, a conflict with a request in flight, too many requests. */
const TRANSIENT_CLIENT_ERRORS = new Set([408, 409, 429]);

/** Posts one mail; any answer or failure becomes an outcome, never a throw. */
export async function postToMailApi(api: MailApi, mail: OutgoingMail): Promise<MailOutcome> {
  if (!api.apiKey) return { ok: false, providerMessageId: null, permanent: false, error: 'MAIL_API_KEY is not set' };
  const body = {
    from: `${mail.fromName} <${api.fromAddress}>`,
    to: [mail.to],
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    ...(mail.replyTo ? { reply_to: mail.replyTo } : {}),
    ...(mail.headers ? { headers: mail.headers } : {}),
  };
  try {
    const response = await fetch(`${api.baseUrl.replace(/\/$/, '')}/emails`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${api.apiKey}`,
        'content-type': 'application/json',
        'idempotency-key': mail.idempotencyKey,
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(api.timeoutMs ?? TIMEOUT_MS),
    });
    const answer = await response.text();
    if (response.ok) {
      const id = (JSON.parse(answer) as { id?: unknown }).id;
      return { ok: true, providerMessageId: typeof id === 'string' ? id : null, permanent: false, error: null };
    }
    const permanent = response.status >= 400 && response.status < 500 && !TRANSIENT_CLIENT_ERRORS.has(response.status);
    return { ok: false, providerMessageId: null, permanent, error: `HTTP ${response.status}: ${answer.slice(0, 500)}` };
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { ok: false, providerMessageId: null, permanent: false, error: message.slice(0, 500) };
  }
}
