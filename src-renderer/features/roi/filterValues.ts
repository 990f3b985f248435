import { useMemo } from 'react';
import type { RoiResult } from '../../../src-main/contract/roi';
import type { FilterField } from './query';
import { useRoiCall } from './useRoiCall';

/** Filter choices: the keys of a grouping's rows over the whole campaign (the unattributed and placeholder groups are not choices). */
export function useFilterValues(version: number): Record<FilterField, string[]> {
  const media_type = useRoiCall('roi.get', { by: 'media_type' }, version).data;
  const market = useRoiCall('roi.get', { by: 'market' }, version).data;
  const channel = useRoiCall('roi.get', { by: 'channel' }, version).data;
  return useMemo(() => {
    const keys = (r: RoiResult | null) => (r?.rows ?? []).map((x) => x.key).filter((k): k is string => k !== null && !k.startsWith('(')).sort();
    return { media_type: keys(media_type), market: keys(market), channel: keys(channel) };
  }, [media_type, market, channel]);
}
