import {
  DATASET_KINDS,
  type DatasetKind,
  type DateOrder,
  type DecimalMark,
  type FileEncoding,
  type ImportColumnPreview,
  type ImportPreview,
} from '../../../src-main/contract/types';
import { DASH } from '../../format';
import { columnLabel, KIND_LABELS } from '../../kinds';
import type { ImportFlow } from './useImportFlow';

const SOURCE_NOTES: Record<ImportPreview['mappingSource'], string> = {
  recognised: 'Mapping of this known export. Check it before importing.',
  saved: 'Mapping saved from your last import of this export.',
  suggested: 'Mapping suggested from the column names. Check it before importing.',
  given: 'Your mapping. It is saved with the import and reused for the next export like this one.',
};

/** Which dataset the file holds and which of its columns feeds each canonical column. */
export function MappingStep({ flow }: { flow: ImportFlow }) {
  const { preview, guessedKind, refreshing, encoding, dateOrder, decimal, decimalQuestion } = flow.state;
  if (!preview) return null;
  // A file whose numbers read both ways is imported once the person says which mark is the decimal one.
  const asking = !decimal && (preview.numbers.ambiguous || decimalQuestion !== null);
  const blocked = preview.problems.length > 0 || asking;
  return (
    <div className="mapping-step">
      <div className="mapping-options">
        <label className="field">
          <span>This file holds</span>
          <select aria-label="Dataset kind" value={preview.kind} onChange={(e) => flow.setKind(e.target.value as DatasetKind)}>
            {DATASET_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
                {k === guessedKind ? ' (guessed)' : ''}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Dates</span>
          <select
            aria-label="Date order"
            value={dateOrder ?? ''}
            onChange={(e) => flow.setDateOrder((e.target.value || null) as DateOrder | null)}
          >
            <option value="">Decide from the file</option>
            <option value="MDY">Month/day/year (US)</option>
            <option value="DMY">Day/month/year</option>
          </select>
        </label>
        {preview.sheets && preview.sheets.length > 1 && (
          <label className="field">
            <span>Sheet</span>
            <select aria-label="Sheet" value={preview.source.sheet ?? ''} onChange={(e) => flow.setSheet(e.target.value)}>
              {preview.sheets.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className={`field${asking ? ' asking' : ''}`}>
          <span>Decimal mark</span>
          <select
            aria-label="Decimal mark"
            value={decimal ?? ''}
            onChange={(e) => flow.setDecimal((e.target.value || null) as DecimalMark | null)}
            aria-invalid={asking}
          >
            <option value="">{asking ? 'Choose…' : `Decide from the file (${preview.numbers.decimal === ',' ? 'comma' : 'point'})`}</option>
            <option value=".">Point: 1,234.50</option>
            <option value=",">Comma: 1.234,50</option>
          </select>
        </label>
        {preview.format === 'csv' && (
          <label className="field">
            <span>Encoding</span>
            <select
              aria-label="Encoding"
              value={encoding ?? preview.encoding ?? 'utf-8'}
              onChange={(e) => flow.setEncoding(e.target.value as FileEncoding)}
            >
              <option value="utf-8">UTF-8</option>
              <option value="utf-16le">UTF-16 (little-endian)</option>
              <option value="utf-16be">UTF-16 (big-endian)</option>
              <option value="windows-1252">Windows-1252 (Excel’s plain CSV)</option>
            </select>
          </label>
        )}
        <p className="mapping-source muted small" data-testid="mapping-source" data-source={preview.mappingSource}>
          <span className={`source-dot ${preview.mappingSource}`} aria-hidden />
          {SOURCE_NOTES[preview.mappingSource]}
        </p>
      </div>

      <ul className="read-as muted small" data-testid="read-as">
        <li>{readAs(preview)}</li>
        {preview.recognised && <li data-testid="recognised">Recognised as a {preview.recognised}.</li>}
        {preview.skipped.aboveHeader > 0 && (
          <li data-testid="above-header">
            {preview.skipped.aboveHeader} {preview.skipped.aboveHeader === 1 ? 'line' : 'lines'} above the header skipped
            {preview.skipped.titles.length ? `: ${preview.skipped.titles.map((t) => `“${t}”`).join(', ')}` : ''}.
          </li>
        )}
        {!asking && (
          <li data-testid="numbers-note">
            {decimal ? `Numbers read with a decimal ${decimal === ',' ? 'comma' : 'point'}, as chosen.` : preview.numbers.note}
          </li>
        )}
      </ul>

      {asking && (
        <div className="problems" role="alert" data-testid="decimal-question">
          <strong>Which is the decimal mark?</strong>
          <p>
            {decimalQuestion?.message ?? preview.numbers.note} With a decimal point, “
            {(decimalQuestion?.examples ?? preview.numbers.examples)[0] ?? '1,234'}” is over a thousand; with a decimal comma it is just
            over one. Choose the mark above: it applies to every number in the file, nothing is guessed row by row.
          </p>
        </div>
      )}

      {preview.problems.length > 0 && (
        <div className="problems" role="alert" data-testid="import-problems">
          <strong>Fix before importing</strong>
          <ul>
            {preview.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}

      <div className="table-scroll">
        <table className="table mapping-table" aria-label="Column mapping" aria-busy={refreshing}>
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">From the file’s column</th>
              <th scope="col">Sample, as it will be read</th>
            </tr>
          </thead>
          <tbody>
            {preview.columns.map((c) => (
              <MappingRow key={c.column} col={c} headers={preview.headers} onChange={(h) => flow.setColumn(c.column, h)} />
            ))}
          </tbody>
        </table>
      </div>

      <div className="custom-columns" data-testid="custom-columns">
        {preview.customColumns.length ? (
          <>
            <span className="muted">Kept as custom attributes:</span>
            {preview.customColumns.map((h) => (
              <span className="chip" key={h}>
                {h}
              </span>
            ))}
          </>
        ) : (
          <span className="muted">Every column of the file is mapped.</span>
        )}
      </div>

      <div className="mapping-actions">
        <span className="muted small" aria-live="polite">
          {refreshing
            ? 'Checking the sample…'
            : asking
              ? 'Choose the decimal mark to import.'
              : blocked
                ? 'Import is available once the problems above are fixed.'
                : `Ready to import as ${KIND_LABELS[preview.kind].toLowerCase()}.`}
        </span>
        <button type="button" className="primary-lg" onClick={() => void flow.run()} disabled={blocked || refreshing}>
          Import
        </button>
      </div>
    </div>
  );
}

/** The option that turns a column into a constant (the file lacks it: a Mailchimp opt-out list's channel is "email"). */
const CONSTANT = '\u0000constant';

function readAs(p: ImportPreview): string {
  const s = p.source;
  if (s.format === 'parquet') return 'Read as Parquet.';
  if (s.format === 'json') return `Read as ${s.gzip ? 'gzip-compressed ' : ''}${s.encodingNote}.`;
  if (s.format === 'xlsx') return `Read as an Excel workbook, sheet “${s.sheet}”; header on row ${s.headerLine}.`;
  const delim = s.delimiter === '\t' ? 'tab' : s.delimiter === ';' ? 'semicolon' : s.delimiter === '|' ? 'pipe' : 'comma';
  return `Read as ${s.gzip ? 'gzip-compressed ' : ''}${delim}-separated text, ${s.encoding} (${s.encodingNote}); header on line ${s.headerLine}.`;
}

function MappingRow({
  col,
  headers,
  onChange,
}: {
  col: ImportColumnPreview;
  headers: string[];
  onChange: (header: string | null) => void;
}) {
  const constant = col.header !== null && !headers.includes(col.header) && col.header.startsWith('=') ? col.header.slice(1) : null;
  const missing = col.required && !col.header;
  return (
    <tr data-column={col.column} className={missing ? 'missing' : undefined}>
      <th scope="row">
        <div className="col-name">
          {columnLabel(col.column)}
          {col.required && <span className="req">required</span>}
        </div>
        <code className="small">{col.column}</code>
      </th>
      <td>
        <select
          aria-label={`File column for ${col.column}`}
          value={constant !== null ? CONSTANT : (col.header ?? '')}
          onChange={(e) => onChange(e.target.value === CONSTANT ? '=' : e.target.value || null)}
        >
          <option value="">— not in file —</option>
          {headers.map((h) => (
            <option key={h} value={h}>
              {h}
            </option>
          ))}
          <option value={CONSTANT}>The same value on every row…</option>
        </select>
        {constant !== null && (
          <input
            className="constant-value"
            aria-label={`Value of ${col.column} on every row`}
            placeholder="e.g. email"
            defaultValue={constant}
            onBlur={(e) => e.target.value !== constant && onChange(`=${e.target.value}`)}
            onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
          />
        )}
      </td>
      <td>
        {col.header ? (
          <div className="values">
            {col.values.slice(0, 5).map((v, i) => (
              <span key={i} className={v === null ? 'value empty' : 'value'}>
                {v ?? DASH}
              </span>
            ))}
          </div>
        ) : (
          <span className="muted small">Not imported</span>
        )}
        {col.unreadable > 0 && (
          <div className="unreadable" data-testid={`unreadable-${col.column}`}>
            ⚠ {col.unreadable} of the sample {col.unreadable === 1 ? 'value' : 'values'} cannot be read as{' '}
            {columnLabel(col.column).toLowerCase()}. Is this the right column?
          </div>
        )}
      </td>
    </tr>
  );
}
