import { useEffect, useRef } from 'react';

/**
 * A `<dialog>` shown modal as soon as it mounts: the browser traps focus in it and Escape closes it
 * (its `onClose` tells the owner). Give the returned ref to the dialog.
 */
export function useModalDialog() {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  return ref;
}
