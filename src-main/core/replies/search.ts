import { repliesSearchInput, type ReplyRow, type RepliesSearchResult, type ReplyTiedBy, type ReplyType } from '../../contract/replies';
import type { z } from 'zod';
import type { DbClient } from '../db/client';
import { str } from '../lib/cells';
import { Params } from '../lib/params';
import { ensureReplyTables, themeStemSql } from './tables';

type Input = z.output<typeof repliesSearchInput>;
type Row = Record<string, unknown>;

/** SQL over reply_links (and reply_words): the replies a search asks for. Values are bound parameters. */
export function replyFilterSql(f: Pick<Input, 'text' | 'types' | 'mediaBuys' | 'theme'>, p: Params): string {
  const parts: string[] = [];
  // Every word must be in the text, any case; LIKE's wildcards in a word are taken literally.
  for (const word of f.text.split(/\s+/).filter(Boolean)) parts.push(`contains(lower(text), lower(${p.add(word)}))`);
  if (f.types.length) parts.push(`type IN (${p.list(f.types)})`);
  if (f.mediaBuys.length) {
    const ids = f.mediaBuys.filter((m) => m !== '');
    const or = [ids.length ? `media_buy_id IN (${p.list(ids)})` : null, f.mediaBuys.includes('') ? 'media_buy_id IS NULL' : null];
    parts.push(`(${or.filter(Boolean).join(' OR ')})`);
  }
  if (f.theme) parts.push(`rk IN (SELECT rk FROM reply_words WHERE stem = ${themeStemSql(`lower(${p.add(f.theme)})`)})`);
  return parts.length ? parts.join(' AND ') : 'true';
}

/** The replies themselves, newest first, with who wrote them and the media buy they are tied to. */
export async function searchReplies(db: DbClient, input: Input): Promise<RepliesSearchResult> {
  const p = new Params();
  const where = replyFilterSql(input, p);
  await ensureReplyTables(db);
  const [[n], rows] = await Promise.all([
    db.rows<Row>(`SELECT count(*) AS n FROM reply_links WHERE ${where}`, p.values),
    db.rows<Row>(
      `SELECT strftime(l.received_at, '%Y-%m-%d %H:%M') AS received_at, l.type, l.channel, l.text, l.question, l.address,
          CASE WHEN l.entrant IS NOT NULL THEN 'P' || lpad(to_hex(l.entrant), 16, '0') END AS person_id,
          l.media_buy_id, m.name AS media_buy_name, l.tied_by
        FROM reply_links l LEFT JOIN media_buys m USING (media_buy_id) WHERE ${where}
        ORDER BY l.received_at DESC, l.rk DESC LIMIT ${input.limit} OFFSET ${input.offset}`,
      p.values,
    ),
  ]);
  return {
    total: Number(n?.n ?? 0),
    rows: rows.map((r): ReplyRow => ({
      receivedAt: String(r.received_at),
      type: r.type as ReplyType,
      channel: str(r.channel),
      text: String(r.text),
      question: str(r.question),
      address: str(r.address),
      personId: str(r.person_id),
      mediaBuyId: str(r.media_buy_id),
      mediaBuyName: str(r.media_buy_name),
      tiedBy: str(r.tied_by) as ReplyTiedBy,
    })),
  };
}
