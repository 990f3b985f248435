import { MERGE_FIELDS, type MessageTemplate, type RenderedMessage, type TemplateCheck } from '../../contract/messages';
import { hasStopLine, smsLength } from './sms';

/**
 * Merge fields: `{{ field }}` or `{{ field | "fallback" }}`. Rendering is one pass over the template:
 * a value is inserted as text and never read as template again (a first name of "{{coupon_code}}"
 * stays those characters), and in email HTML every value is escaped.
 */
const TOKEN = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\|\s*"((?:[^"\\]|\\.)*)"\s*)?\}\}/g;
const known = new Set<string>(MERGE_FIELDS);

export function fieldsOf(text: string): string[] {
  return [...text.matchAll(TOKEN)].map((m) => m[1]!);
}

export function escapeHtml(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** One text rendered with these values; a missing or empty value takes the fallback (else nothing). */
export function renderText(template: string, values: Record<string, string | null | undefined>, html = false): string {
  return template.replace(TOKEN, (_all, name: string, fallback?: string) => {
    const v = values[name];
    const out = v === null || v === undefined || v.trim() === '' ? (fallback ?? '').replace(/\\(.)/g, '$1') : v;
    // The unsubscribe link is the service's own URL placeholder: left for it to fill when absent.
    if (name === 'unsubscribe_url' && (v === null || v === undefined)) return '{{unsubscribe_url}}';
    return html ? escapeHtml(out) : out;
  });
}

export function render(t: MessageTemplate, values: Record<string, string | null | undefined>): RenderedMessage {
  return {
    sms: t.sms ? renderText(t.sms.body, values) : null,
    email: t.email
      ? {
          subject: renderText(t.email.subject, values),
          html: renderText(t.email.html, values, true),
          text: renderText(t.email.text, values),
        }
      : null,
    push: t.push ? { title: renderText(t.push.title, values), body: renderText(t.push.body, values) } : null,
  };
}

/** Every merge field the template uses (a push must carry them). */
export function templateFields(t: MessageTemplate): string[] {
  const texts = [t.sms?.body, t.email?.subject, t.email?.html, t.email?.text, t.push?.title, t.push?.body].filter((x): x is string => !!x);
  return [...new Set(texts.flatMap(fieldsOf))];
}

/**
 * What stops a template from being saved, and what is worth a warning. SMS length is measured on
 * the body with each field at a typical length (its fallback, or 10 characters), since the real
 * length depends on the person.
 */
export function checkTemplate(t: MessageTemplate): TemplateCheck {
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const f of templateFields(t))
    if (!known.has(f)) errors.push(`{{${f}}} is not a merge field. Use one of: ${MERGE_FIELDS.join(', ')}.`);
  if (!t.sms && !t.email && !t.push) errors.push('Write the message for at least one channel (SMS, email or push).');
  let sms: TemplateCheck['sms'] = null;
  if (t.sms) {
    if (!t.sms.body.trim()) errors.push('The SMS is empty.');
    if (t.promotional && !hasStopLine(t.sms.body)) errors.push('A promotional SMS must say how to opt out, e.g. "Reply STOP to opt out".');
    if (fieldsOf(t.sms.body).includes('unsubscribe_url')) errors.push('{{unsubscribe_url}} is for email; SMS opt-out is by replying STOP.');
    const typical = t.sms.body.replace(TOKEN, (_a, _n: string, fb?: string) => fb ?? 'x'.repeat(10));
    sms = smsLength(typical);
    if (sms.segments > 1)
      warnings.push(
        `The SMS takes ${sms.segments} segments (${sms.encoding}, ${sms.units} ${sms.encoding === 'GSM-7' ? 'characters' : 'UCS-2 units'}): each is billed.`,
      );
    if (sms.encoding === 'UCS-2')
      warnings.push(
        `These characters are not in the GSM alphabet, so the SMS is sent as UCS-2 (70 per segment): ${sms.nonGsm.map((c) => JSON.stringify(c)).join(' ')}.`,
      );
  }
  if (t.email) {
    if (!t.email.subject.trim()) errors.push('The email needs a subject.');
    if (!fieldsOf(t.email.html).includes('unsubscribe_url'))
      errors.push('The email HTML must include an unsubscribe link: {{unsubscribe_url}}.');
    if (t.email.text.trim() && !fieldsOf(t.email.text).includes('unsubscribe_url'))
      errors.push('The email text version must include the unsubscribe link too: {{unsubscribe_url}}.');
  }
  if (t.push && !t.push.body.trim()) errors.push('The push notification body is empty.');
  return { errors, warnings, sms };
}

/** The template's message for one channel, rendered for a person (what a push carries per contact). */
export function channelMessage(
  t: MessageTemplate,
  channel: 'email' | 'sms',
  values: Record<string, string | null | undefined>,
): { subject?: string; html?: string; text: string } | undefined {
  const r = render(t, values);
  if (channel === 'email' && r.email) return { subject: r.email.subject, html: r.email.html, text: r.email.text };
  if (channel === 'sms' && r.sms !== null) return { text: r.sms };
  return undefined;
}
