// The keyboard shortcuts: which key does what, and the table the `?` overlay shows.

export type Action =
  | 'undo' | 'redo' | 'save' | 'save-as' | 'open' | 'new'
  | 'copy' | 'paste' | 'duplicate' | 'delete' | 'select-all' | 'deselect'
  | 'add-stage' | 'add-tool' | 'add-partner' | 'add-customer'
  | 'auto-layout' | 'zoom-to-fit' | 'export-png' | 'shortcuts';

export type KeyPress = { key: string; ctrl: boolean; shift: boolean; alt: boolean; inField: boolean };

/** Shortcuts that work while typing in a field (the field's value is committed first). */
const IN_FIELDS: Action[] = ['save', 'save-as', 'open', 'new'];

export function actionFor({ key, ctrl, shift, alt, inField }: KeyPress): Action | null {
  if (alt) return null;
  const k = key.length === 1 ? key.toLowerCase() : key;
  let action: Action | null = null;
  if (ctrl) {
    if (k === 'z') action = shift ? 'redo' : 'undo';
    else if (k === 'y') action = 'redo';
    else if (k === 's') action = shift ? 'save-as' : 'save';
    else if (k === 'o') action = 'open';
    else if (k === 'n') action = 'new';
    else if (k === 'c') action = 'copy';
    else if (k === 'v') action = 'paste';
    else if (k === 'd') action = 'duplicate';
    else if (k === 'a') action = 'select-all';
    else if (k === 'e' && shift) action = 'export-png';
  } else if (k === 'Delete' || k === 'Backspace') action = 'delete';
  else if (k === 'Escape') action = 'deselect';
  else if (k === '?') action = 'shortcuts';
  else if (!shift) {
    action = ({ s: 'add-stage', t: 'add-tool', p: 'add-partner', c: 'add-customer', l: 'auto-layout', f: 'zoom-to-fit' } as const)[
      k as 's'
    ] ?? null;
  }
  if (action !== null && inField && !IN_FIELDS.includes(action)) return null;
  return action;
}

/** What the `?` overlay lists, in groups. */
export const SHORTCUT_TABLE: { group: string; rows: [keys: string, what: string][] }[] = [
  {
    group: 'Drawing',
    rows: [
      ['S', 'Add a stage (after the selected stage, joined to it)'],
      ['T', 'Add a tool'],
      ['P', 'Add a partner'],
      ['C', 'Add a customer'],
      ['Drag from a handle', 'Hand off (stage → stage) or pass artifacts (tool → tool)'],
      ['Delete / Backspace', 'Delete what is selected'],
      ['Arrow keys', 'Move the selected nodes'],
    ],
  },
  {
    group: 'Editing',
    rows: [
      ['Ctrl+Z', 'Undo'],
      ['Ctrl+Shift+Z / Ctrl+Y', 'Redo'],
      ['Ctrl+C / Ctrl+V', 'Copy / paste'],
      ['Ctrl+D', 'Duplicate'],
      ['Ctrl+A', 'Select everything'],
      ['Shift+drag, Ctrl+click', 'Select several'],
      ['Escape', 'Select nothing, close a dialog'],
    ],
  },
  {
    group: 'Map',
    rows: [
      ['L', 'Auto-layout, left to right'],
      ['F', 'Zoom to fit'],
      ['Ctrl+N / Ctrl+O', 'New map / open a map'],
      ['Ctrl+S / Ctrl+Shift+S', 'Save / save as'],
      ['Ctrl+Shift+E', 'Export the map as PNG'],
      ['?', 'This list'],
    ],
  },
];
