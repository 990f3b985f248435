import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import './ConfirmDialog.css';
import { useModalDialog } from '../lib/useModalDialog';

export interface ConfirmOptions {
  title: string;
  /** What will happen, in a sentence or a short list (counts, where it goes). */
  body?: ReactNode;
  /** Says what the button does ("Send to 1,204 people", "Delete"), never just "OK". */
  confirmLabel: string;
  cancelLabel?: string;
  /** A destructive action: the button is red and focus starts on Cancel. */
  danger?: boolean;
}

/**
 * The app's one confirmation, in place of the browser's `window.confirm` (which shows the page's
 * address as its title, cannot show counts in a layout, and blocks the renderer). A modal
 * `<dialog>`: the browser keeps focus inside it and Escape cancels; role alertdialog, labelled by
 * its title and described by its body.
 */
export function ConfirmDialog({ options, onClose }: { options: ConfirmOptions; onClose: (confirmed: boolean) => void }) {
  const ref = useModalDialog();
  const cancelRef = useRef<HTMLButtonElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();
  const answered = useRef(false);
  const answer = (ok: boolean) => {
    if (answered.current) return;
    answered.current = true;
    ref.current?.close();
    onClose(ok);
  };

  useEffect(() => {
    (options.danger ? cancelRef : confirmRef).current?.focus();
  }, [options.danger]);

  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={options.body ? bodyId : undefined}
      // Escape (the browser's cancel) and any other close count as No.
      onCancel={(e) => {
        e.preventDefault();
        answer(false);
      }}
      onClose={() => answer(false)}
      data-testid="confirm-dialog"
    >
      <h2 id={titleId}>{options.title}</h2>
      {options.body && (
        <div id={bodyId} className="confirm-body">
          {options.body}
        </div>
      )}
      <div className="confirm-actions">
        <button ref={cancelRef} type="button" className="ghost" onClick={() => answer(false)}>
          {options.cancelLabel ?? 'Cancel'}
        </button>
        <button ref={confirmRef} type="button" className={options.danger ? 'danger' : undefined} onClick={() => answer(true)}>
          {options.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}

/**
 * `const [confirm, confirmDialog] = useConfirm();` then `if (await confirm({...})) ...` and render
 * `{confirmDialog}` once in the component.
 */
export function useConfirm(): [(o: ConfirmOptions) => Promise<boolean>, ReactNode] {
  const [pending, setPending] = useState<{ options: ConfirmOptions; resolve: (ok: boolean) => void } | null>(null);
  const confirm = useCallback(
    (options: ConfirmOptions) =>
      new Promise<boolean>((resolve) => {
        setPending({ options, resolve });
      }),
    [],
  );
  const element = pending ? (
    <ConfirmDialog
      options={pending.options}
      onClose={(ok) => {
        setPending(null);
        pending.resolve(ok);
      }}
    />
  ) : null;
  return [confirm, element];
}
