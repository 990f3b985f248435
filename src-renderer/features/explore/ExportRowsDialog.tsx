import { useState } from 'react';
import { PERSONAL_COLUMNS, type PersonalColumn } from '../../../src-main/contract/exportLog';
import type { PivotFilter } from '../../../src-main/contract/pivot';
import { fmtCount } from '../../format';
import { useQuery } from '../../lib/query';
import { useModalDialog } from '../../lib/useModalDialog';

const LABELS: Record<PersonalColumn, string> = { first_name: 'First name', last_name: 'Last name', email: 'Email', phone: 'Phone' };

export interface RowsExport {
  filters: PivotFilter[];
  /** What the rows are, in words (the export log's "what"). */
  what: string;
}

/**
 * Before Explore writes the entries behind a pivot or a cell: how many, and which personal columns go
 * with them. None unless ticked (the rule Segments follows); a file with any is recorded in the export log.
 */
export function ExportRowsDialog({
  rows,
  onExport,
  onClose,
}: {
  rows: RowsExport;
  onExport: (personal: PersonalColumn[]) => void;
  onClose: () => void;
}) {
  const ref = useModalDialog();
  const count = useQuery('pivot.count', { filters: rows.filters });
  const [personal, setPersonal] = useState<PersonalColumn[]>([]);
  const toggle = (c: PersonalColumn, on: boolean) => setPersonal((p) => PERSONAL_COLUMNS.filter((x) => (x === c ? on : p.includes(x))));
  return (
    <dialog
      ref={ref}
      className="roi-dialog ex-export-rows"
      aria-labelledby="ex-export-rows-title"
      onClose={onClose}
      data-testid="export-rows"
    >
      <header className="roi-dialog-head">
        <h2 id="ex-export-rows-title">Export rows as CSV</h2>
        <button type="button" className="ghost" onClick={() => ref.current?.close()}>
          Cancel
        </button>
      </header>
      <div className="roi-dialog-body">
        <p>
          {rows.what}: {count.data ? `${fmtCount(count.data.entries)} entries` : 'counting…'}, with their media buy, channel, keyword, zip,
          age, answers, consent and redemptions.
        </p>
        <fieldset className="ex-personal" data-testid="export-personal">
          <legend>Personal data (left out unless ticked)</legend>
          {PERSONAL_COLUMNS.map((c) => (
            <label key={c} className="check">
              <input type="checkbox" checked={personal.includes(c)} onChange={(e) => toggle(c, e.target.checked)} />
              {LABELS[c]}
            </label>
          ))}
        </fieldset>
        <p className="muted small">
          {personal.length
            ? 'This file will hold personal data: it is recorded in the export log (Data screen) with your name, the time and the number of rows.'
            : 'Without personal data the file identifies people only by their entrant id.'}
        </p>
        <div className="ex-actions">
          <button
            type="button"
            className="primary"
            onClick={() => {
              onExport(personal);
              ref.current?.close();
            }}
          >
            Export {count.data ? `${fmtCount(count.data.entries)} rows` : 'rows'}
          </button>
        </div>
      </div>
    </dialog>
  );
}
