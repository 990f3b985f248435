import type { WorkspaceInfo } from '../../../src-main/contract/types';
import { fmtCount } from '../../format';
import { datasetLabel } from '../../kinds';

/** The workspace's datasets and their row counts (refreshed by workspace.changed). */
export function DatasetCounts({ workspace }: { workspace: WorkspaceInfo }) {
  return (
    <section className="card" aria-labelledby="datasets-title">
      <h2 id="datasets-title">Datasets in this workspace</h2>
      <ul className="dataset-tiles" data-testid="data-datasets">
        {workspace.datasets.map((d) => (
          <li key={d.kind} data-kind={d.kind} className={d.rows ? '' : 'empty'}>
            <span className="tile-label">{datasetLabel(d.kind)}</span>
            <span className="tile-value">{fmtCount(d.rows)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
