import { isTimeZone, type MailLanguage } from '../../../lib/store-settings';
import type { RenderedMail } from '../render';

/** Text as HTML text: the five characters that could open markup or an attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** Intl's locale for each mail language. */
const LOCALES: Record<MailLanguage, string> = { en: 'en-US', es: 'es-AR', id: 'id-ID' };

/**
 * ISO 4217 exponents other than 2 (the app counts money in these minor
 * units, as Stripe does). Not Intl's digits: those are how a locale writes
 * the amount, and differ for some currencies (IDR: ISO 2, written with 0).
 */
const MINOR_UNIT_DIGITS: Record<string, number> = Object.fromEntries([
  ...'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF'.split(' ').map((code) => [code, 0]),
  ...'BHD IQD JOD KWD LYD OMR TND'.split(' ').map((code) => [code, 3]),
  ['CLF', 4],
  ['UYW', 4],
]);

/** Integer minor units as the language writes money: `$ 1.234,50`, `Rp 150.000`, `$1,234.50`. */
export function formatMoney(minorUnits: number, currency: string, language: MailLanguage): string {
  const format = new Intl.NumberFormat(LOCALES[language], { style: 'currency', currency });
  return format.format(minorUnits / 10 ** (MINOR_UNIT_DIGITS[currency.toUpperCase()] ?? 2));
}

/** A moment as the language writes it, on the store's clock, with its zone: `28 de noviembre de 2026, 19:30 ART`. */
export function formatDateTime(iso: string, language: MailLanguage, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALES[language], {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    hour12: language === 'en',
    timeZoneName: 'short',
    timeZone: isTimeZone(timeZone) ? timeZone : 'UTC',
  }).format(new Date(iso));
}

/** A block of a mail: a paragraph, a list of lines (label and value), a link, or preformatted text (instructions). */
export type Block =
  | { paragraph: string }
  | { rows: [label: string, value: string][] }
  | { link: { label: string; url: string } }
  | { preformatted: string };

function blockText(block: Block): string {
  if ('paragraph' in block) return block.paragraph;
  if ('rows' in block) return block.rows.map(([label, value]) => `${label}: ${value}`).join('\n');
  if ('link' in block) return `${block.link.label}: ${block.link.url}`;
  return block.preformatted;
}

function blockHtml(block: Block): string {
  if ('paragraph' in block) return `<p>${escapeHtml(block.paragraph)}</p>`;
  if ('rows' in block)
    return `<table cellpadding="4">${block.rows
      .map(([label, value]) => `<tr><td>${escapeHtml(label)}</td><td align="right">${escapeHtml(value)}</td></tr>`)
      .join('')}</table>`;
  if ('link' in block) return `<p><a href="${escapeHtml(block.link.url)}">${escapeHtml(block.link.label)}</a></p>`;
  return `<pre style="white-space:pre-wrap;font-family:inherit">${escapeHtml(block.preformatted)}</pre>`;
}

/**
 * A mail of blocks in both forms: plain text (blocks apart by a blank line)
 * and simple HTML that every client shows (no CSS beyond a few inline
 * styles, no images), under the sender's name as a heading.
 */
export function composeMail(
  parts: { subject: string; heading: string; blocks: Block[]; footer?: string },
  headers?: Record<string, string>,
): RenderedMail {
  const blocks = parts.footer ? [...parts.blocks, { paragraph: parts.footer }] : parts.blocks;
  const text = [parts.heading, ...blocks.map(blockText)].join('\n\n');
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(parts.subject)}</title></head><body style="font-family:sans-serif;max-width:600px;margin:auto"><h1 style="font-size:20px">${escapeHtml(parts.heading)}</h1>${blocks.map(blockHtml).join('')}</body></html>`;
  return { subject: parts.subject, text, html, ...(headers ? { headers } : {}) };
}
