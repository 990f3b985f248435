import { z } from 'zod';
import { PUSH_FIELDS } from './deliver';

/**
 * Messages: the contest language written once per channel. Merge fields are `{{first_name}}`, with a
 * fallback for a missing value as `{{first_name | "there"}}`. Fields: the person fields a push can
 * carry, plus `{{unsubscribe_url}}` (filled by the sending service) for email.
 */
export const MERGE_FIELDS = [...PUSH_FIELDS, 'unsubscribe_url'] as const;

const text = (max: number) => z.string().max(max);
export const messageTemplate = z
  .object({
    templateId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .optional(),
    name: z.string().trim().min(1).max(120),
    /** Promotional SMS must carry the opt-out line. */
    promotional: z.boolean().default(true),
    sms: z
      .object({ body: text(1600) })
      .strict()
      .nullable()
      .default(null),
    email: z
      .object({ subject: text(300), html: text(100_000), text: text(50_000) })
      .strict()
      .nullable()
      .default(null),
    push: z
      .object({ title: text(120), body: text(500) })
      .strict()
      .nullable()
      .default(null),
  })
  .strict();
export type MessageTemplate = z.output<typeof messageTemplate>;

export interface TemplateCheck {
  /** Problems that stop saving (unknown field, missing STOP line or unsubscribe link). */
  errors: string[];
  /** Worth knowing (more than one SMS segment, characters forcing UCS-2). */
  warnings: string[];
  sms: { encoding: 'GSM-7' | 'UCS-2'; units: number; segments: number; remaining: number; nonGsm: string[] } | null;
}

export interface RenderedMessage {
  sms: string | null;
  email: { subject: string; html: string; text: string } | null;
  push: { title: string; body: string } | null;
}

export const messageMethods = {
  'messages.list': { input: z.object({}).strict(), result: 'json' },
  /** Checks without saving: counts, warnings, errors (the editor calls it as you type). */
  'messages.check': { input: messageTemplate, result: 'json' },
  'messages.save': { input: messageTemplate, result: 'json' },
  'messages.delete': { input: z.object({ templateId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }).strict(), result: 'json' },
  /** The template rendered for one member of a segment (the first, or the given entrant). */
  'messages.preview': {
    input: z
      .object({
        template: messageTemplate,
        segmentId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
        entrantId: z
          .string()
          .regex(/^P[0-9A-F]{16}$/)
          .optional(),
      })
      .strict(),
    result: 'json',
  },
} as const;

export interface MessageOutputs {
  'messages.list': (MessageTemplate & { templateId: string; check: TemplateCheck })[];
  'messages.check': TemplateCheck;
  'messages.save': MessageTemplate & { templateId: string; check: TemplateCheck };
  'messages.delete': { deleted: boolean };
  'messages.preview': { entrantId: string | null; fields: Record<string, string | null>; rendered: RenderedMessage };
}
