import type { DashboardFilters, DashboardTile } from '../../../../src-main/contract/dashboards';
import type { ChartThemeName } from '../../../charts/theme';

/** What every tile's body gets: its settings, the dashboard's filters, the look, and the room it has. */
export interface TileProps {
  tile: DashboardTile;
  filters: DashboardFilters;
  theme: ChartThemeName;
  /** Pixel height for the tile's chart. */
  height: number;
  /** Presentation mode: large type. */
  big: boolean;
  /**
   * Cross-filtering: a tile that lets the analyst pick from its figures (brush a date range, click a
   * channel, market or media type) sets the dashboard's filters, which every tile follows. Absent in
   * presentations and PDFs.
   */
  onFilters?: (f: DashboardFilters) => void;
}
