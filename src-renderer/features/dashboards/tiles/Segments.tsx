import { Loading } from './Loading';
import type { SegmentInfo } from '../../../../src-main/contract/segments';
import { api } from '../../../api/client';
import { fmtCount } from '../../../format';
import { fetchQuery, useCustomQuery } from '../../../lib/query';
import type { TileProps } from './types';

interface Row {
  segment: SegmentInfo;
  people: number;
  email: number;
  sms: number;
}

/** How many segments the tile shows. */
const TOP = 6;

/** Counts every saved segment (one at a time: each count is a query over everyone) and keeps the largest. */
async function topSegments(): Promise<Row[]> {
  const list = (await api.call('segments.list')).filter((s) => !s.problem).slice(0, 40);
  const out: Row[] = [];
  for (const segment of list) {
    const c = await fetchQuery('segments.count', { rule: segment.rule });
    out.push({ segment, people: c.people, email: c.reachable.email, sms: c.reachable.sms });
  }
  return out.sort((a, b) => b.people - a.people || a.segment.name.localeCompare(b.segment.name)).slice(0, TOP);
}

/** The saved segments with the most people, and how many of them can be messaged by email and SMS. */
export function SegmentsTile({ height }: TileProps) {
  const { data: rows, error } = useCustomQuery('dashboard top segments', topSegments, ['segments', 'data']);

  if (error) return <p className="error-text">{error.message}</p>;
  if (!rows) return <Loading text="Counting…" />;
  if (!rows.length) return <p className="muted">No saved segments yet: build one on the Segments screen.</p>;
  return (
    <div className="dash-scroll" style={{ maxHeight: height }}>
      <table className="table dash-table" data-testid="dash-segments">
        <thead>
          <tr>
            <th>Segment</th>
            <th className="num">People</th>
            <th className="num">By email</th>
            <th className="num">By SMS</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.segment.segmentId}>
              <td>{r.segment.name}</td>
              <td className="num">{fmtCount(r.people)}</td>
              <td className="num">{fmtCount(r.email)}</td>
              <td className="num">{fmtCount(r.sms)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
