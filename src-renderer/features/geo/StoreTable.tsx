import { useMemo, useState } from 'react';
import type { StoreSummary } from '../../../src-main/contract/geo';
import { downloadText } from '../import/download';
import { nextStoreSort, sortStores, STORE_COLUMNS, storeCell, storesCsv, type StoreSort } from './storeTable';

/** Every store with its responders within the radius and what was redeemed there; sortable, exportable. */
export function StoreTable({
  stores,
  miles,
  busy,
  selectedId,
  onSelect,
}: {
  stores: StoreSummary[];
  miles: number;
  busy: boolean;
  selectedId: string | null;
  onSelect: (storeId: string) => void;
}) {
  const [sort, setSort] = useState<StoreSort>({ key: 'responders', dir: 'desc' });
  const rows = useMemo(() => sortStores(stores, sort), [stores, sort]);
  const unplaced = stores.filter((s) => s.located === null).length;

  return (
    <section className="card map-stores" aria-labelledby="map-stores-title" aria-busy={busy}>
      <div className="map-row">
        <h2 id="map-stores-title">
          Stores{' '}
          <span className="muted small">
            · {stores.length} · responders within {miles} mi of each
          </span>
        </h2>
        <button
          type="button"
          className="ghost"
          onClick={() => downloadText(`stores-within-${miles}-mi.csv`, storesCsv(rows, miles))}
          disabled={!stores.length}
        >
          Export CSV
        </button>
      </div>
      {unplaced > 0 && (
        <p className="small muted" data-testid="stores-unplaced">
          {unplaced} {unplaced === 1 ? 'store has' : 'stores have'} neither lat/lon nor a known zip: listed here, not on the map, no
          responders by distance.
        </p>
      )}
      <div className="map-table-scroll">
        <table className="table map-table" data-testid="store-table">
          <caption className="visually-hidden">
            Stores, sorted by {STORE_COLUMNS.find((c) => c.id === sort.key)!.label(miles)},{' '}
            {sort.dir === 'asc' ? 'ascending' : 'descending'}
          </caption>
          <thead>
            <tr>
              {STORE_COLUMNS.map((c) => (
                <th
                  key={c.id}
                  scope="col"
                  className={c.num ? 'num' : undefined}
                  aria-sort={sort.key === c.id ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
                  title={c.title}
                >
                  <button type="button" className="map-sort" onClick={() => setSort((s) => nextStoreSort(s, c.id))}>
                    {c.label(miles)}
                    <span className="map-sort-mark" aria-hidden>
                      {sort.key === c.id ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}
                    </span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => {
              const on = s.store_id === selectedId;
              return (
                <tr
                  key={s.store_id}
                  data-store={s.store_id}
                  className={on ? 'map-row-selected' : undefined}
                  onClick={() => onSelect(s.store_id)}
                >
                  {STORE_COLUMNS.map((c) =>
                    c.id === 'name' ? (
                      <th key={c.id} scope="row" data-col={c.id}>
                        <button
                          type="button"
                          className="link map-store-link"
                          aria-pressed={on}
                          onClick={(e) => (e.stopPropagation(), onSelect(s.store_id))}
                        >
                          {storeCell(s, 'name')}
                        </button>
                        <span className="muted small"> {s.store_id}</span>
                      </th>
                    ) : (
                      <td
                        key={c.id}
                        data-col={c.id}
                        className={`${c.num ? 'num' : ''}${c.id === 'located' && s.located !== 'store' ? ' map-approx' : ''}`}
                      >
                        {storeCell(s, c.id)}
                      </td>
                    ),
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
