import { useMemo } from 'react';
import type { RoiResult } from '../../src-main/contract/roi';
import type { FilterField } from './roiQuery';
import { useQuery } from './query';

/** Filter choices: the keys of a grouping's rows over the whole campaign (the unattributed and placeholder groups are not choices). */
export function useFilterValues(): Record<FilterField, string[]> {
  const media_type = useQuery('roi.get', { by: 'media_type' }).data;
  const market = useQuery('roi.get', { by: 'market' }).data;
  const channel = useQuery('roi.get', { by: 'channel' }).data;
  return useMemo(() => {
    const keys = (r: RoiResult | null) =>
      (r?.rows ?? [])
        .map((x) => x.key)
        .filter((k): k is string => k !== null && !k.startsWith('('))
        .sort();
    return { media_type: keys(media_type), market: keys(market), channel: keys(channel) };
  }, [media_type, market, channel]);
}
