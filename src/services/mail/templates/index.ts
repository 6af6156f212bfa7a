import type { MailContext, MailTemplate, RenderedMail } from '../render';
import { accountTemplates } from './accounts';
import { newsletterTemplates } from './newsletter';
import { orderTemplates } from './orders';

/**
 * Every template by name: the name a mail row is written with
 * (`mail_messages.template`) and what renders it.
 */
const TEMPLATES: Record<string, MailTemplate> = {
  ...orderTemplates,
  ...accountTemplates,
  ...newsletterTemplates,
};

/** Renders mail `template` with its data; an unknown template throws (the mail then fails, and says why). */
export async function renderMail(
  template: string,
  data: Record<string, unknown>,
  context: MailContext,
): Promise<RenderedMail> {
  const render = TEMPLATES[template];
  if (!render) throw new Error(`no mail template '${template}'`);
  return (render as (data: unknown, context: MailContext) => RenderedMail | Promise<RenderedMail>)(data, context);
}
