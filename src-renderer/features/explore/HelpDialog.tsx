import { useModalDialog } from '../../lib/useModalDialog';

export const SHORTCUTS: [string, string][] = [
  ['Ctrl+Z', 'Undo the last pivot change'],
  ['Ctrl+Shift+Z or Ctrl+Y', 'Redo'],
  ['Enter or double-click on a figure', 'Show the entries behind it'],
  ['Arrow keys', 'Move between figures of the table'],
  ['Click a row or column value', 'Filter by it (click again in the filter to change it)'],
  ['Click a bar or a legend entry', 'Filter by its row or column value'],
  ['⋯ on a field', 'Add it to rows, columns, filters or measures without dragging'],
  ['◀ ▶ on a chip', 'Reorder; × removes'],
  ['?', 'This help'],
];

/** The keyboard shortcuts and gestures of Explore. */
export function HelpDialog({ onClose }: { onClose: () => void }) {
  const ref = useModalDialog();
  return (
    <dialog ref={ref} className="roi-dialog ex-help" aria-labelledby="ex-help-title" onClose={onClose} data-testid="explore-help">
      <header className="roi-dialog-head">
        <h2 id="ex-help-title">Explore: keys and gestures</h2>
        <button type="button" className="ghost" onClick={() => ref.current?.close()}>
          Close
        </button>
      </header>
      <div className="roi-dialog-body">
        <table className="table roi-inputs">
          <tbody>
            {SHORTCUTS.map(([k, what]) => (
              <tr key={k}>
                <th scope="row">
                  <kbd>{k}</kbd>
                </th>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </dialog>
  );
}
