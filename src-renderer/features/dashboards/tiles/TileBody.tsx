import { ObjectivesPanel } from '../../objectives/ObjectivesPanel';
import { EntriesTile } from './Entries';
import { KpisTile } from './Kpis';
import { MapTile } from './MapTile';
import { RoiChartTile, RoiTableTile } from './Roi';
import { SegmentsTile } from './Segments';
import { PushResultsTile } from './PushResults';
import type { TileProps } from './types';
import { ViewTile } from './View';

/** The content of a tile, by its kind. */
export function TileBody(props: TileProps) {
  switch (props.tile.kind) {
    case 'kpis':
      return <KpisTile {...props} />;
    case 'roi':
      return <RoiTableTile {...props} />;
    case 'roi_chart':
      return <RoiChartTile {...props} />;
    case 'entries_over_time':
      return <EntriesTile {...props} />;
    case 'map':
      return <MapTile {...props} />;
    case 'objectives':
      return (
        <div className="dash-scroll" style={{ maxHeight: props.height }}>
          <ObjectivesPanel embedded />
        </div>
      );
    case 'top_segments':
      return <SegmentsTile {...props} />;
    case 'push_results':
      return <PushResultsTile {...props} />;
    case 'view':
      return <ViewTile {...props} />;
  }
}
