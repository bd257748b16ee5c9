import { useEffect, useRef, useState } from 'react';

/**
 * The workbench's keyboard shortcuts, in one place:
 *
 * - `/` focuses the search box in the header;
 * - `j` / `k` move to the next / previous row of the list on the page (the first element marked
 *   `data-keyboard-list`; its rows are marked `data-keyboard-row`, and the link that opens a row
 *   `data-keyboard-open`): the row's link takes the focus, so the row shows it, and Enter opens it;
 * - `?` opens the list of shortcuts (a modal dialog; Escape closes it and the focus returns).
 *
 * None of them acts while one types in a field (input, textarea, select, editable text) or with
 * Ctrl, Alt or Meta held. A list opts in by carrying the data attributes above.
 */
export const SHORTCUTS: [keys: string, what: string][] = [
  ['/', 'Focus the search box'],
  ['j', 'Next row of the list'],
  ['k', 'Previous row of the list'],
  ['Enter', 'Open the row'],
  ['?', 'Show these shortcuts'],
  ['Escape', 'Close this list'],
];

/** Whether a key press belongs to what the person is typing. */
/** Input types that take no typed text: a shortcut pressed on them is a shortcut (a ticked checkbox keeps the focus). */
const NOT_TEXT = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image']);

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return !NOT_TEXT.has(target.type);
  return target.isContentEditable || ['TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Moves the focus `by` rows in the page's list; from outside the list, `j` starts at the first row, `k` at the last. */
export function moveInList(by: 1 | -1): boolean {
  const list = document.querySelector('main [data-keyboard-list]');
  if (!list) return false;
  const rows = [...list.querySelectorAll<HTMLElement>('[data-keyboard-row]')];
  if (!rows.length) return false;
  const current = rows.findIndex((r) => r.contains(document.activeElement));
  const next = current < 0 ? (by === 1 ? 0 : rows.length - 1) : Math.min(rows.length - 1, Math.max(0, current + by));
  const row = rows[next];
  const target = row.querySelector<HTMLElement>('[data-keyboard-open]') ?? row;
  target.focus();
  target.scrollIntoView({ block: 'nearest' });
  return true;
}

/** Listens for the shortcuts while the workbench is shown; returns whether the shortcuts dialog is open, and a way to close it. */
export function useKeyboardShortcuts(): { helpOpen: boolean; closeHelp(): void } {
  const [helpOpen, setHelpOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.altKey || e.metaKey || typing(e.target)) return;
      if (e.key === '/') {
        const search = document.getElementById('global-search');
        if (search) {
          e.preventDefault();
          search.focus();
        }
      } else if (e.key === '?') {
        e.preventDefault();
        setHelpOpen(true);
      } else if (e.key === 'j' || e.key === 'k') {
        if (moveInList(e.key === 'j' ? 1 : -1)) e.preventDefault();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return { helpOpen, closeHelp: () => setHelpOpen(false) };
}

/** The list of shortcuts, as a modal dialog: Escape or "Close" closes it, and the focus goes back where it was. */
export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      d.showModal();
    } else if (!open && d.open) {
      d.close();
    }
  }, [open]);
  return (
    <dialog
      ref={dialog}
      className="shortcuts"
      aria-labelledby="shortcuts-title"
      onClose={() => {
        onClose();
        returnTo.current?.focus();
        returnTo.current = null;
      }}
    >
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table aria-labelledby="shortcuts-title">
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">What it does</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={keys}>
              <td>
                <kbd>{keys}</kbd>
              </td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">Shortcuts do nothing while you type in a field.</p>
      <form method="dialog">
        <button type="submit">Close</button>
      </form>
    </dialog>
  );
}
