import { useCallback, useEffect, useRef, useState } from 'react';
import type { EventMap } from '../../../src-main/contract/events';
import type { DatasetKind, DateOrder, DecimalMark, FileEncoding, ImportPreview, ImportReport } from '../../../src-main/contract/types';
import { api, ApiError } from '../../api/client';
import { readHead, type HeadPreview } from './preview';
import { newTaskId, type Source } from './sources';
import { uploadFile, UploadCancelled } from './upload';

export type Stage = 'loading' | 'mapping' | 'running' | 'report' | 'failed';

export interface FlowState {
  stage: Stage;
  /** The browser's own parse of the file's first 64 KB, shown while the core preview loads. */
  head: HeadPreview | null;
  upload: { sent: number; total: number } | null;
  preview: ImportPreview | null;
  /** A preview call is on its way (kind or mapping changed). */
  refreshing: boolean;
  /** The kind the core guessed from the headers on the first look. */
  guessedKind: DatasetKind | null;
  encoding: FileEncoding | null;
  dateOrder: DateOrder | null;
  /** The decimal mark the person chose (null: decided from the file). */
  decimal: DecimalMark | null;
  /** A workbook's sheet the person chose (null: the first). */
  sheet: string | null;
  /** The whole file could not tell its decimal mark: the import asks (examples of values that read both ways). */
  decimalQuestion: { message: string; examples: string[] } | null;
  progress: EventMap['task.progress'] | null;
  report: ImportReport | null;
  error: string | null;
  notice: string | null;
}

const INITIAL: FlowState = {
  stage: 'loading',
  head: null,
  upload: null,
  preview: null,
  refreshing: false,
  guessedKind: null,
  encoding: null,
  dateOrder: null,
  decimal: null,
  sheet: null,
  decimalQuestion: null,
  progress: null,
  report: null,
  error: null,
  notice: null,
};

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * One file's way through the import: instant head preview, upload (browser files), core preview and
 * mapping, the import task with progress and cancel, and its report.
 */
export function useImportFlow(source: Source, onImported: () => void) {
  const [s, setState] = useState<FlowState>(INITIAL);
  const patch = useCallback((p: Partial<FlowState>) => setState((prev) => ({ ...prev, ...p })), []);
  const state = useRef(s);
  state.current = s;

  // The core path of the file. The core removes an uploaded file once import.run ends, so after a
  // run a browser file is uploaded again when needed (retry after cancel, import again).
  const path = useRef<Promise<string> | null>(source.path ? Promise.resolve(source.path) : null);
  const abort = useRef<AbortController | null>(null);
  const seq = useRef(0);
  const taskId = useRef<string | null>(null);

  const ensurePath = useCallback((): Promise<string> => {
    if (path.current) return path.current;
    const file = source.file!;
    abort.current = new AbortController();
    const p = uploadFile(file, (sent, total) => patch({ upload: { sent, total } }), abort.current.signal).finally(() =>
      patch({ upload: null }),
    );
    path.current = p;
    p.catch(() => {
      if (path.current === p) path.current = null;
    });
    return p;
  }, [source, patch]);

  const loadPreview = useCallback(
    async (opts: {
      kind?: DatasetKind;
      mapping?: Record<string, string>;
      encoding?: FileEncoding;
      decimal?: DecimalMark;
      sheet?: string;
    }) => {
      const n = ++seq.current;
      patch({ refreshing: true, error: null });
      try {
        const p = await api.call('import.preview', { path: await ensurePath(), ...opts });
        if (n !== seq.current) return;
        setState((prev) => ({
          ...prev,
          preview: p,
          refreshing: false,
          stage: prev.stage === 'loading' || prev.stage === 'failed' ? 'mapping' : prev.stage,
          guessedKind: prev.guessedKind ?? p.kind,
        }));
      } catch (e) {
        if (n !== seq.current) return;
        setState((prev) => ({ ...prev, refreshing: false, error: messageOf(e), stage: prev.preview ? prev.stage : 'failed' }));
      }
    },
    [ensurePath, patch],
  );

  useEffect(() => {
    if (state.current.preview || state.current.refreshing) return;
    if (source.file) {
      readHead(source.file)
        .then((head) => patch({ head }))
        .catch(() => undefined); // the core preview will say what is wrong with the file
    }
    void loadPreview({});
  }, [source, loadPreview, patch]);

  useEffect(
    () =>
      api.on('task.progress', (p) => {
        if (p.taskId === taskId.current) patch({ progress: p });
      }),
    [patch],
  );

  const current = () => state.current.preview!;
  const encodingOpt = () => state.current.encoding ?? undefined;
  /** How the file is read, as chosen so far (sheet, decimal mark): every preview keeps them. */
  const readOpts = () => ({
    ...(state.current.sheet ? { sheet: state.current.sheet } : {}),
    ...(state.current.decimal ? { decimal: state.current.decimal } : {}),
  });

  const setKind = (kind: DatasetKind) => {
    setState((prev) => ({ ...prev, preview: prev.preview && { ...prev.preview, kind } }));
    void loadPreview({ kind, encoding: encodingOpt(), ...readOpts() });
  };

  /** Maps a canonical column to a header (or to none). A header maps to one column: it moves. */
  const setColumn = (column: string, header: string | null) => {
    const mapping: Record<string, string> = {};
    for (const [k, v] of Object.entries(current().mapping)) if (k !== column && v !== header) mapping[k] = v;
    if (header) mapping[column] = header;
    setState((prev) => ({
      ...prev,
      preview: prev.preview && {
        ...prev.preview,
        mapping,
        columns: prev.preview.columns.map((c) => ({ ...c, header: mapping[c.column] ?? null })),
      },
    }));
    void loadPreview({ kind: current().kind, mapping, encoding: encodingOpt(), ...readOpts() });
  };

  const setEncoding = (encoding: FileEncoding) => {
    patch({ encoding });
    void loadPreview({ kind: current().kind, encoding });
  };

  const setDateOrder = (dateOrder: DateOrder | null) => patch({ dateOrder });

  /** Another sheet of a workbook: a different table, so its kind and mapping are looked at afresh. */
  const setSheet = (sheet: string) => {
    patch({ sheet, decimal: null, decimalQuestion: null });
    void loadPreview({ sheet });
  };

  const setDecimal = (decimal: DecimalMark | null) => {
    patch({ decimal, decimalQuestion: decimal ? null : state.current.decimalQuestion });
    void loadPreview({
      kind: current().kind,
      mapping: current().mapping,
      encoding: encodingOpt(),
      ...(state.current.sheet ? { sheet: state.current.sheet } : {}),
      ...(decimal ? { decimal } : {}),
    });
  };

  const run = async () => {
    const p = current();
    const id = newTaskId();
    taskId.current = id;
    patch({ stage: 'running', error: null, notice: null, progress: null, report: null });
    try {
      const report = await api.call('import.run', {
        taskId: id,
        path: await ensurePath(),
        kind: p.kind,
        mapping: p.mapping,
        fileName: source.name.slice(-255),
        ...(state.current.encoding ? { encoding: state.current.encoding } : {}),
        ...(state.current.dateOrder ? { dateOrder: state.current.dateOrder } : {}),
        ...(state.current.decimal ? { decimal: state.current.decimal } : {}),
        ...(state.current.sheet ? { sheet: state.current.sheet } : {}),
      });
      patch({ stage: 'report', report });
    } catch (e) {
      const cancelled = e instanceof UploadCancelled || (e instanceof ApiError && e.code === 'CANCELLED');
      if (e instanceof ApiError && e.code === 'NEEDS_CHOICE') {
        // Nothing was imported: the person picks the decimal mark, then imports again.
        const examples = ((e.details as { examples?: string[] } | undefined)?.examples ?? []).slice(0, 3);
        patch({ stage: 'mapping', decimalQuestion: { message: messageOf(e).replace(/ In the app,.*$/, ''), examples } });
      } else patch({ stage: 'mapping', ...(cancelled ? { notice: messageOf(e) } : { error: messageOf(e) }) });
    } finally {
      taskId.current = null;
      if (source.file) path.current = null;
      patch({ progress: null });
      onImported();
    }
  };

  const cancel = () => {
    abort.current?.abort();
    if (taskId.current) api.call('import.cancel', { taskId: taskId.current }).catch((e: unknown) => patch({ error: messageOf(e) }));
  };

  /** The card is being removed: stop an upload and free the uploaded copy, unless an import holds it. */
  const discard = () => {
    abort.current?.abort();
    const uploaded = source.file ? path.current : null;
    if (uploaded && !taskId.current) void uploaded.then((p) => api.call('import.uploadDiscard', { path: p })).catch(() => undefined);
  };

  return {
    state: s,
    discard,
    setKind,
    setColumn,
    setEncoding,
    setDateOrder,
    setDecimal,
    setSheet,
    run,
    cancel,
    retry: () => loadPreview({}),
  };
}

export type ImportFlow = ReturnType<typeof useImportFlow>;
