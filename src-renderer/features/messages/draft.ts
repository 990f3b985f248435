import type { MessageTemplate } from '../../../src-main/contract/messages';

/** The editor's state: every channel's text kept while it is switched off, so nothing typed is lost. */
export interface Draft {
  templateId?: string;
  name: string;
  promotional: boolean;
  use: { sms: boolean; email: boolean; push: boolean };
  sms: { body: string };
  email: { subject: string; html: string; text: string };
  push: { title: string; body: string };
}

export const NEW_DRAFT: Draft = {
  name: '',
  promotional: true,
  use: { sms: true, email: false, push: false },
  sms: { body: 'Hi {{first_name | "there"}}! Your coupon {{coupon_code}} is waiting. Reply STOP to opt out' },
  email: {
    subject: '{{first_name | "Hello"}}, your coupon is inside',
    html: '<p>Hi {{first_name | "there"}},</p>\n<p>Your coupon code is <strong>{{coupon_code}}</strong>.</p>\n<p><a href="{{unsubscribe_url}}">Unsubscribe</a></p>',
    text: 'Hi {{first_name | "there"}},\nYour coupon code is {{coupon_code}}.\nUnsubscribe: {{unsubscribe_url}}',
  },
  push: { title: 'Your coupon is waiting', body: 'Code {{coupon_code}} — tap to see it' },
};

export function toTemplate(d: Draft): MessageTemplate {
  return {
    ...(d.templateId ? { templateId: d.templateId } : {}),
    name: d.name.trim() || 'Untitled message',
    promotional: d.promotional,
    sms: d.use.sms ? d.sms : null,
    email: d.use.email ? d.email : null,
    push: d.use.push ? d.push : null,
  };
}

export function fromTemplate(t: MessageTemplate & { templateId: string }): Draft {
  return {
    templateId: t.templateId,
    name: t.name,
    promotional: t.promotional,
    use: { sms: !!t.sms, email: !!t.email, push: !!t.push },
    sms: t.sms ?? NEW_DRAFT.sms,
    email: t.email ?? NEW_DRAFT.email,
    push: t.push ?? NEW_DRAFT.push,
  };
}
