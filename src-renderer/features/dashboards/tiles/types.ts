import type { DashboardFilters, DashboardTile } from '../../../../src-main/contract/dashboards';
import type { ChartThemeName } from '../../../charts/theme';
import type { BrushSource } from '../../../lib/brushedPivot';
import type { SlideTableModel } from '../slideTable';

/**
 * Linked tiles while a date range is dragged on the entries tile: the view tiles follow each move
 * (their pivots limited to the range, from the core's brush index) before the range becomes the
 * dashboard's filter on release.
 */
export interface BrushLink {
  source: BrushSource;
  /** A tile painted its answer to the move made at `at`. */
  onShown: (tileId: string, at: number) => void;
}

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
  /** Brushing a date range across tiles (absent where onFilters is). */
  link?: BrushLink;
  /** Presentation: the part of the slide shown, when its table needs more than one (→ moves through them). */
  part?: number;
  /** Presentation: how many parts the slide's table needs to show whole. */
  onParts?: (n: number) => void;
  /** The dashboard: a table tile's whole table, for the PDF, rather than what its scrolled box shows. */
  onTable?: (tileId: string, table: SlideTableModel | null) => void;
}
