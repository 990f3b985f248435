import type { RoiFilterValues } from '../../src-main/contract/roi';
import { useQuery } from './query';

const NONE: RoiFilterValues = { media_type: [], market: [], channel: [] };

/** Filter choices: the keys of ROI's groupings over the whole campaign (the unattributed and placeholder groups are not choices). */
export function useFilterValues(): RoiFilterValues {
  return useQuery('roi.filterValues', {}).data ?? NONE;
}
