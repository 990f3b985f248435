import type { ImportPreview } from '../../../src-main/contract/types';
import { fmtBytes } from '../../format';
import { FileSample } from './FileSample';
import { ImportProgress } from './ImportProgress';
import { ImportReport } from './ImportReport';
import { MappingStep } from './MappingStep';
import { delimiterName, isParquetName } from './preview';
import type { Source } from './sources';
import { useImportFlow, type Stage } from './useImportFlow';

const STEPS: { stage: Stage[]; label: string }[] = [
  { stage: ['loading', 'failed'], label: 'Read' },
  { stage: ['mapping'], label: 'Map columns' },
  { stage: ['running'], label: 'Import' },
  { stage: ['report'], label: 'Report' },
];

/** The file as the preview saw it; its encoding as the import read it once there is a report (a file whose bytes stop being UTF-8 past its start is read again as Windows-1252). */
function describe(p: ImportPreview, readAs?: string | null): string {
  const parts = [p.format === 'parquet' ? 'Parquet' : 'CSV'];
  if (p.delimiter) parts.push(`${delimiterName(p.delimiter)}-delimited`);
  const encoding = readAs ?? p.encoding;
  if (encoding) parts.push(encoding.toUpperCase());
  parts.push(fmtBytes(p.size), `${p.headers.length} columns`);
  return parts.join(' · ');
}

/** One file on its way in: instant sample, mapping, progress, report. */
export function ImportCard({
  source,
  next,
  onImported,
  onClose,
  onNext,
  onViewRejects,
  onExportRejects,
}: {
  source: Source;
  next: string | null;
  onImported: () => void;
  onClose: () => void;
  onNext: () => void;
  onViewRejects: (importId: number, fileName: string) => void;
  onExportRejects: (importId: number) => Promise<void>;
}) {
  const flow = useImportFlow(source, onImported);
  const { stage, head, preview, upload, error, notice, report } = flow.state;
  const current = STEPS.findIndex((s) => s.stage.includes(stage));
  const close = () => {
    flow.cancel();
    flow.discard();
    onClose();
  };

  return (
    <section className="card import-card" aria-label={`Import ${source.name}`} data-testid="import-card" data-stage={stage}>
      <header className="import-card-head">
        <div className="file-icon" aria-hidden>
          {isParquetName(source.name) ? 'PQ' : 'CSV'}
        </div>
        <div className="file-title">
          <h2 title={source.path ?? source.name}>{source.name}</h2>
          <p className="muted small">
            {preview ? describe(preview, report?.source.encoding) : source.size !== null ? fmtBytes(source.size) : source.path}
          </p>
        </div>
        <ol className="steps" aria-label="Import steps">
          {STEPS.map((s, i) => (
            <li
              key={s.label}
              className={i < current ? 'done' : i === current ? 'current' : undefined}
              aria-current={i === current ? 'step' : undefined}
            >
              <span className="step-no">{i < current ? '✓' : i + 1}</span>
              {s.label}
            </li>
          ))}
        </ol>
        {stage !== 'running' && stage !== 'report' && (
          <button type="button" className="ghost" onClick={close}>
            Remove
          </button>
        )}
      </header>

      {error && (
        <div className="inline-error" role="alert" data-testid="import-error">
          <span>{error}</span>
          {stage === 'failed' && (
            <button type="button" className="link" onClick={() => void flow.retry()}>
              Try again
            </button>
          )}
        </div>
      )}
      {notice && (
        <div className="notice" role="status">
          {notice}
        </div>
      )}

      {stage === 'loading' && (
        <>
          {upload ? (
            <ImportProgress upload={upload} progress={null} onCancel={close} />
          ) : (
            <p className="muted loading-line">
              <span className="spinner" aria-hidden /> Reading the file and guessing what it holds…
            </p>
          )}
          {head && head.headers.length > 0 && (
            <div data-testid="instant-preview">
              <h3 className="sub">First rows</h3>
              <FileSample headers={head.headers} rows={head.rows} caption="First rows of the file" />
            </div>
          )}
        </>
      )}

      {preview && (stage === 'mapping' || stage === 'running') && (
        <details className="file-sample">
          <summary>First rows of the file, as written</summary>
          <FileSample headers={preview.headers} rows={preview.sample} caption="First rows of the file" />
        </details>
      )}
      {stage === 'mapping' && <MappingStep flow={flow} />}
      {stage === 'running' && <ImportProgress upload={upload} progress={flow.state.progress} onCancel={flow.cancel} />}
      {stage === 'report' && report && (
        <>
          <ImportReport report={report} onViewRejects={onViewRejects} onExportRejects={onExportRejects} />
          <div className="card-foot">
            {next ? (
              <button type="button" onClick={onNext}>
                Next file: {next}
              </button>
            ) : (
              <button type="button" onClick={onClose}>
                Done
              </button>
            )}
          </div>
        </>
      )}
    </section>
  );
}
