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
}
