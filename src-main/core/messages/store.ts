import { randomBytes } from 'node:crypto';
import { PUSH_FIELDS, type PushField } from '../../contract/deliver';
import { messageTemplate, type MessageOutputs, type MessageTemplate } from '../../contract/messages';
import type { DbClient } from '../db/client';
import { candidatesSql } from '../deliver/eligible';
import { resolveSegment } from '../segments/resolve';
import { AceError } from '../lib/errors';
import { Params } from '../lib/params';
import { where } from '../segments/run';
import { checkTemplate, render, templateFields } from './template';
import { mergeSql } from '../lib/merge';

type Saved = MessageOutputs['messages.save'];

export async function listTemplates(db: DbClient): Promise<Saved[]> {
  const rows = await db.rows<{
    template_id: string;
    name: string;
    promotional: boolean;
    sms: string | null;
    email: string | null;
    push: string | null;
  }>(
    `SELECT template_id, name, promotional, sms::VARCHAR AS sms, email::VARCHAR AS email, push::VARCHAR AS push FROM message_templates ORDER BY lower(name), template_id`,
  );
  return rows.map((r) => {
    const t = messageTemplate.parse({
      templateId: r.template_id,
      name: r.name,
      promotional: r.promotional,
      sms: r.sms ? JSON.parse(r.sms) : null,
      email: r.email ? JSON.parse(r.email) : null,
      push: r.push ? JSON.parse(r.push) : null,
    });
    return { ...t, templateId: r.template_id, check: checkTemplate(t) };
  });
}

export async function getTemplate(db: DbClient, templateId: string): Promise<Saved> {
  const t = (await listTemplates(db)).find((x) => x.templateId === templateId);
  if (!t) throw new AceError('NOT_FOUND', `There is no message template ${templateId}.`);
  return t;
}

/** Saves a template that passes its checks; one that does not is refused with the first problem. */
export async function saveTemplate(db: DbClient, t: MessageTemplate): Promise<Saved> {
  const check = checkTemplate(t);
  if (check.errors.length) throw new AceError('BAD_INPUT', check.errors[0]!);
  const id = t.templateId ?? `tpl_${randomBytes(6).toString('hex')}`;
  await db.write((w) =>
    w.run(
      mergeSql(
        'message_templates',
        ['template_id'],
        [{ template_id: '$1', name: '$2', promotional: '$3', sms: '$4', email: '$5', push: '$6', updated_at: 'current_timestamp' }],
      ),
      [
        id,
        t.name,
        t.promotional,
        t.sms ? JSON.stringify(t.sms) : null,
        t.email ? JSON.stringify(t.email) : null,
        t.push ? JSON.stringify(t.push) : null,
      ],
    ),
  );
  return getTemplate(db, id);
}

export async function deleteTemplate(db: DbClient, templateId: string): Promise<boolean> {
  const [r] = await db.rows<{ n: unknown }>(`SELECT count(*) AS n FROM message_templates WHERE template_id = $1`, [templateId]);
  await db.write((w) => w.run(`DELETE FROM message_templates WHERE template_id = $1`, [templateId]));
  return Number(r!.n) > 0;
}

/** The person fields a template needs (what a push using it must carry). */
export const personFieldsOf = (t: MessageTemplate): PushField[] =>
  templateFields(t).filter((f): f is PushField => (PUSH_FIELDS as readonly string[]).includes(f));

/** The template rendered for a member of a segment: the given entrant, else the first member. */
export async function previewTemplate(
  db: DbClient,
  t: MessageTemplate,
  segmentId: string,
  entrantId?: string,
): Promise<MessageOutputs['messages.preview']> {
  const segment = await resolveSegment(db, segmentId);
  const p = new Params();
  let w = await where(db, segment.rule, p);
  if (entrantId) w = `(${w}) AND 'P' || lpad(to_hex(pp.entrant), 16, '0') = ${p.add(entrantId)}`;
  const fields = [...PUSH_FIELDS];
  const sql = candidatesSql({ where: w, channel: t.sms && !t.email ? 'sms' : 'email', fields }, p);
  const [row] = await db.rows<{ contact_id: string; fields: string }>(
    `SELECT contact_id, fields FROM (${sql}) ORDER BY entrant LIMIT 1`,
    p.values,
  );
  if (!row)
    throw new AceError(
      'NOT_FOUND',
      entrantId ? `${entrantId} is not in segment "${segment.name}".` : `Segment "${segment.name}" has nobody in it.`,
    );
  const values = JSON.parse(row.fields) as Record<string, string | null>;
  return { entrantId: row.contact_id, fields: values, rendered: render(t, values) };
}
