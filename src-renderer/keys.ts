/** Whether a key press goes to a field the person is typing in (so a screen's shortcuts leave it alone). */
export const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(t.tagName));
