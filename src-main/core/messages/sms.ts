/**
 * SMS length the way carriers count it. A message whose every character is in the GSM 03.38 default
 * alphabet (and its extension table, whose characters take two septets) is GSM-7: 160 septets in one
 * segment, 153 per segment when split. Anything else is sent as UCS-2: 70 UTF-16 code units in one
 * segment, 67 per segment when split (an emoji outside the BMP takes two).
 */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';
const basic = new Set(GSM_BASIC);
const extended = new Set(GSM_EXTENDED);

export interface SmsLength {
  encoding: 'GSM-7' | 'UCS-2';
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
  /** Units left before the next segment starts. */
  remaining: number;
  /** Characters that forced UCS-2 (first few), to show the person. */
  nonGsm: string[];
}

export function smsLength(text: string): SmsLength {
  const nonGsm: string[] = [];
  let septets = 0;
  for (const ch of text) {
    if (basic.has(ch)) septets += 1;
    else if (extended.has(ch)) septets += 2;
    else if (nonGsm.length < 5 && !nonGsm.includes(ch)) nonGsm.push(ch);
  }
  if (nonGsm.length === 0) {
    const segments = septets === 0 ? 0 : septets <= 160 ? 1 : Math.ceil(septets / 153);
    const capacity = segments <= 1 ? 160 : segments * 153;
    return { encoding: 'GSM-7', units: septets, segments, remaining: capacity - septets, nonGsm };
  }
  const units = text.length;
  const segments = units <= 70 ? 1 : Math.ceil(units / 67);
  const capacity = segments <= 1 ? 70 : segments * 67;
  return { encoding: 'UCS-2', units, segments, remaining: capacity - units, nonGsm };
}

/** The opt-out line promotional SMS must carry (CTIA): "Reply STOP to opt out" or close to it. */
export const hasStopLine = (text: string) =>
  /\b(reply|text|txt|send)\s+stop\b/i.test(text) || /\bstop\s+to\s+(opt[\s-]?out|end|unsubscribe|cancel|quit)\b/i.test(text);
