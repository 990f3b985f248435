/** A file to import: one the browser holds (uploaded before the core reads it) or a path on this machine (desktop). */
export type Source = { id: string; name: string; size: number | null } & (
  { file: File; path?: undefined } | { path: string; file?: undefined }
);

let next = 0;

export function fromFile(file: File): Source {
  return { id: `f${++next}`, name: file.name, size: file.size, file };
}

export function fromPath(path: string): Source {
  return { id: `p${++next}`, name: path.split(/[\\/]/).pop() || path, size: null, path };
}

/** Import task ids are ours to choose; the prefix lets other screens tell import progress apart. */
export const IMPORT_TASK_PREFIX = 'imp-';

export function newTaskId(): string {
  const rand = Array.from(crypto.getRandomValues(new Uint8Array(9)), (b) => b.toString(36).padStart(2, '0')).join('');
  return `${IMPORT_TASK_PREFIX}${rand}`;
}

export function isImportTask(taskId: string): boolean {
  return taskId.startsWith(IMPORT_TASK_PREFIX);
}
