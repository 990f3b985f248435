import { useRef, useState } from 'react';
import { api } from '../../api/client';

const ACCEPT =
  '.csv,.tsv,.txt,.tab,.gz,.xlsx,.parquet,.json,.jsonl,.ndjson,application/json,text/csv,text/tab-separated-values,text/plain,application/gzip,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Where files come in. Dropping works anywhere on the window (the page listens); this is the visible
 * target and the button: the native picker in the desktop app, a file input in browser mode.
 */
export function DropZone({
  nativeDialogs,
  dragging,
  onFiles,
  onPaths,
  onError,
}: {
  nativeDialogs: boolean;
  dragging: boolean;
  onFiles: (files: File[]) => void;
  onPaths: (paths: string[]) => void;
  onError: (message: string) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [picking, setPicking] = useState(false);

  const choose = async () => {
    if (!nativeDialogs) return input.current?.click();
    setPicking(true);
    try {
      const { paths } = await api.call('import.pickFiles');
      if (paths.length) onPaths(paths);
    } catch (e) {
      onError((e as Error).message);
    } finally {
      setPicking(false);
    }
  };

  return (
    <div className={`dropzone ${dragging ? 'dragging' : ''}`} data-testid="dropzone">
      <div className="dropzone-icon" aria-hidden>
        <svg
          viewBox="0 0 24 24"
          width="28"
          height="28"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.8"
          strokeLinecap="round"
          strokeLinejoin="round"
        >
          <path d="M12 16V4" />
          <path d="m7 9 5-5 5 5" />
          <path d="M4 16v3a1 1 0 0 0 1 1h14a1 1 0 0 0 1-1v-3" />
        </svg>
      </div>
      <div className="dropzone-text">
        <strong>{dragging ? 'Drop to import' : 'Drop CSV, TSV, Excel or Parquet exports here (gzip too)'}</strong>
        <span className="muted small">
          Media plan, spend, entries, redemptions, stores, contacts or opt-outs. Everything stays on this computer.
        </span>
      </div>
      <button type="button" onClick={() => void choose()} disabled={picking}>
        Choose files…
      </button>
      <input
        ref={input}
        className="visually-hidden"
        type="file"
        multiple
        accept={ACCEPT}
        tabIndex={-1}
        aria-label="Files to import"
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = '';
          if (files.length) onFiles(files);
        }}
      />
    </div>
  );
}
