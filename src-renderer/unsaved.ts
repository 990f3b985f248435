import { useEffect } from 'react';

/**
 * Unsaved work, by screen: while any is marked, closing the window or reloading asks first (the
 * desktop shows a native "Discard unsaved changes?" for the same event).
 */
const dirty = new Set<string>();

function onBeforeUnload(e: BeforeUnloadEvent): void {
  if (dirty.size === 0) return;
  e.preventDefault();
  e.returnValue = '';
}
window.addEventListener('beforeunload', onBeforeUnload);

export function hasUnsaved(): boolean {
  return dirty.size > 0;
}

/** Marks `key` as holding unsaved work while `isDirty` is true (and clears it when the screen goes). */
export function useUnsaved(key: string, isDirty: boolean): void {
  useEffect(() => {
    if (isDirty) dirty.add(key);
    else dirty.delete(key);
    return () => {
      dirty.delete(key);
    };
  }, [key, isDirty]);
}
