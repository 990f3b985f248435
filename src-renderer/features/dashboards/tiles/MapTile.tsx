import { useMemo } from 'react';
import { Loading } from './Loading';
import { enlargeText } from '../../../charts/enlarge';
import { EChart } from '../../../components/EChart';
import { fmtCount } from '../../../format';
import { mapOption, type MapZip } from '../../geo/mapOption';
import { registerUsaMap } from '../../geo/usaMap';
import { useQuery } from '../../../lib/query';
import { hasFilters, pivotFiltersOf } from '../scope';
import type { TileProps } from './types';

registerUsaMap();

/** Responders by zip and the stores, as on the Map screen; with filters, the entries matching them. */
export function MapTile({ filters, theme, height, big, tile }: TileProps) {
  const filtered = hasFilters(filters);
  const pf = pivotFiltersOf(filters);
  const zips = useQuery('geo.zips', filtered ? null : {});
  const measures = useQuery('geo.measures', filtered ? { filters: pf } : null);
  const stores = useQuery('geo.stores', { miles: 10, filters: pf });
  const points: MapZip[] | null = filtered ? (measures.data?.zips ?? null) : (zips.data?.zips ?? null);
  const option = useMemo(() => {
    if (!points || !stores.data) return null;
    // The map's colours exist for light and dark; presentation's high contrast uses the dark ones.
    const o = mapOption({ zips: points, stores: stores.data, measure: 'people', theme: theme === 'light' ? 'light' : 'dark' });
    return big ? enlargeText(o, 18) : o;
  }, [points, stores.data, theme, big]);
  const error = zips.error ?? measures.error ?? stores.error;
  if (error) return <p className="error-text">{error.message}</p>;
  if (!option || !points) return <Loading />;
  const people = points.reduce((n, z) => n + z.people, 0);
  return (
    <EChart
      option={option}
      height={height}
      label={`Map: ${fmtCount(points.length)} zip codes with ${fmtCount(people)} people, and ${fmtCount(stores.data!.length)} stores`}
      exportName={tile.title}
    />
  );
}
