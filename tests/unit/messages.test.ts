import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageTemplate, type MessageTemplate } from '../../src-main/contract/messages';
import { previewTemplate, saveTemplate, listTemplates } from '../../src-main/core/messages/store';
import { hasStopLine, smsLength } from '../../src-main/core/messages/sms';
import { checkTemplate, render } from '../../src-main/core/messages/template';
import { saveSegment } from '../../src-main/core/segments/run';
import type { Session } from '../../src-main/core/session';
import { demoSession } from './helpers/demo';
import { tempDir } from './helpers/tmp';

const tpl = (t: Partial<MessageTemplate>): MessageTemplate => messageTemplate.parse({ name: 'T', ...t });

describe('SMS length, as carriers count it', () => {
  it.each([
    ['Hello', 'GSM-7', 5, 1],
    ['a'.repeat(160), 'GSM-7', 160, 1],
    ['a'.repeat(161), 'GSM-7', 161, 2],
    ['a'.repeat(306), 'GSM-7', 306, 2],
    ['a'.repeat(307), 'GSM-7', 307, 3],
    // The euro sign is in the extension table: two septets.
    ['€'.repeat(80), 'GSM-7', 160, 1],
    ['€'.repeat(81), 'GSM-7', 162, 2],
    ['Win {a} [prize]', 'GSM-7', 19, 1],
    // ç is not in the GSM alphabet (Ç is): UCS-2.
    ['ç'.repeat(70), 'UCS-2', 70, 1],
    ['ç'.repeat(71), 'UCS-2', 71, 2],
    ['x'.repeat(133) + 'ç', 'UCS-2', 134, 2],
    ['x'.repeat(134) + 'ç', 'UCS-2', 135, 3],
    // An emoji outside the BMP is two UTF-16 units.
    ['Hi 😀', 'UCS-2', 5, 1],
  ])('%j is %s, %i units, %i segment(s)', (text, encoding, units, segments) => {
    const r = smsLength(text);
    expect([r.encoding, r.units, r.segments]).toEqual([encoding, units, segments]);
  });

  it('knows the opt-out line', () => {
    expect(hasStopLine('Win big! Reply STOP to opt out.')).toBe(true);
    expect(hasStopLine('Txt STOP to end')).toBe(true);
    expect(hasStopLine('Stop by our store today!')).toBe(false);
  });
});

describe('merge fields', () => {
  const t = tpl({
    sms: { body: 'Hi {{first_name | "there"}}, your code is {{coupon_code}}. Reply STOP to opt out' },
    email: {
      subject: 'For {{first_name|"you"}}',
      html: '<p>Hello {{first_name}}</p><a href="{{unsubscribe_url}}">Unsubscribe</a>',
      text: 'Hello {{first_name}} {{unsubscribe_url}}',
    },
    push: { title: 'Hey {{first_name | "friend"}}', body: 'Code {{coupon_code | "coming soon"}}' },
  });

  it('uses the fallback for a missing or blank value', () => {
    expect(render(t, { first_name: null, coupon_code: 'ABC' }).sms).toBe('Hi there, your code is ABC. Reply STOP to opt out');
    expect(render(t, { first_name: '  ', coupon_code: null }).sms).toBe('Hi there, your code is . Reply STOP to opt out');
    expect(render(t, { first_name: 'Ann', coupon_code: null }).push).toEqual({ title: 'Hey Ann', body: 'Code coming soon' });
    expect(render(t, {}).email!.subject).toBe('For you');
  });

  it('escapes HTML in the email body only, and never reads a value as template', () => {
    const hostile = { first_name: '<img src=x onerror=alert(1)> & "Bo"', coupon_code: 'X1' };
    const r = render(t, hostile);
    expect(r.email!.html).toBe(
      '<p>Hello &lt;img src=x onerror=alert(1)&gt; &amp; &quot;Bo&quot;</p><a href="{{unsubscribe_url}}">Unsubscribe</a>',
    );
    expect(r.email!.text).toBe('Hello <img src=x onerror=alert(1)> & "Bo" {{unsubscribe_url}}');
    const sneaky = render(t, { first_name: '{{coupon_code}}', coupon_code: 'SECRET' });
    expect(sneaky.sms).toBe('Hi {{coupon_code}}, your code is SECRET. Reply STOP to opt out');
    expect(render(t, { first_name: '$& $1 $$' }).push!.title).toBe('Hey $& $1 $$');
  });

  it('refuses unknown fields, a promotional SMS without STOP, an email without an unsubscribe link', () => {
    expect(checkTemplate(t).errors).toEqual([]);
    expect(checkTemplate(tpl({ sms: { body: 'Hi {{nickname}} Reply STOP to opt out' } })).errors[0]).toMatch(
      /\{\{nickname\}\} is not a merge field/,
    );
    expect(checkTemplate(tpl({ sms: { body: 'Big sale today!' } })).errors).toEqual([
      'A promotional SMS must say how to opt out, e.g. "Reply STOP to opt out".',
    ]);
    expect(checkTemplate(tpl({ promotional: false, sms: { body: 'Your order shipped' } })).errors).toEqual([]);
    expect(checkTemplate(tpl({ email: { subject: 'S', html: '<p>Hi</p>', text: '' } })).errors).toEqual([
      'The email HTML must include an unsubscribe link: {{unsubscribe_url}}.',
    ]);
    const long = checkTemplate(tpl({ sms: { body: `${'x'.repeat(150)} {{first_name}} Reply STOP to opt out 😀` } }));
    expect(long.sms!.encoding).toBe('UCS-2');
    expect(long.warnings.join(' ')).toMatch(/3 segments/);
  });
});

describe('templates in a workspace, and a push that carries one', () => {
  const dir = tempDir('ace-messages-');
  let s: Session;
  beforeAll(async () => {
    s = await demoSession(dir, 'm.duckdb', 1500);
  }, 60_000);
  afterAll(() => s.close());

  it('saves only a valid template, previews it for a member, and a push carries it rendered per person', async () => {
    const db = s.requireDb();
    await expect(saveTemplate(db, tpl({ name: 'Bad', sms: { body: 'no opt-out line' } }))).rejects.toThrow(/must say how to opt out/);
    const saved = await saveTemplate(
      db,
      tpl({ name: 'Spring SMS', sms: { body: 'Hi {{first_name | "there"}}! Code {{coupon_code}}. Reply STOP to opt out' } }),
    );
    expect((await listTemplates(db)).map((x) => x.name)).toEqual(['Spring SMS']);
    const seg = await saveSegment(db, { name: 'SMS people', rule: { type: 'reachable', channel: 'sms' } });
    const pv = await previewTemplate(db, saved, seg.segmentId);
    expect(pv.rendered.sms).toBe(`Hi ${pv.fields.first_name ?? 'there'}! Code ${pv.fields.coupon_code ?? ''}. Reply STOP to opt out`);

    const folder = join(dir, 'drop');
    const con = await s.deliver.saveConnector({ name: 'Drop', config: { kind: 'csv', folder } });
    const preview = await s.deliver.preview({
      segment: seg.segmentId,
      channel: 'sms',
      fields: [],
      connectorId: con.connectorId,
      templateId: saved.templateId,
    });
    const sample = preview.samplePayload as {
      template: { name: string };
      contacts: { fields: Record<string, string | null>; message: { text: string } }[];
    };
    expect(sample.template.name).toBe('Spring SMS');
    // The template's merge fields travel with the contact even though none were ticked.
    expect(Object.keys(sample.contacts[0]!.fields).sort()).toEqual(['coupon_code', 'first_name']);
    expect(sample.contacts[0]!.message.text).toBe(
      `Hi ${sample.contacts[0]!.fields.first_name ?? 'there'}! Code ${sample.contacts[0]!.fields.coupon_code ?? ''}. Reply STOP to opt out`,
    );
    await s.deliver.start({
      segment: seg.segmentId,
      channel: 'sms',
      fields: [],
      connectorId: con.connectorId,
      templateId: saved.templateId,
    });
    await s.deliver.idle();
    const file = readdirSync(folder)[0]!;
    const lines = readFileSync(join(folder, file), 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe('contact_id,phone,first_name,coupon_code,message');
    expect(lines).toHaveLength(preview.reachable + 1);
    for (const l of lines.slice(1, 20)) {
      const [, , first, code, message] = l.split(',');
      expect(message).toBe(`Hi ${first || 'there'}! Code ${code}. Reply STOP to opt out`);
    }
    await expect(s.deliver.preview({ segment: seg.segmentId, channel: 'email', fields: [], templateId: saved.templateId })).rejects.toThrow(
      /has no email version/,
    );
  });
});
