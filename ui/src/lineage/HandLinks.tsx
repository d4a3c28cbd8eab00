// On an item's timeline in the Items list: its lineage ("Lineage" opens its root's timeline,
// Back returns to the list), "Link to…" another item by its key with the link's kind (kept
// through re-syncs), and the links made by hand from it, each with Remove.

import { useEffect, useState } from 'react';
import type { LinkKind } from '../generated/wire';
import type { ItemRef } from '../store/itemsSlice';
import { useWindow, windowStore } from '../store/window';
import './lineage.css';

const KINDS: readonly (readonly [LinkKind, string])[] = [
  ['parent', 'its parent is'],
  ['child', 'its child is'],
  ['fixes', 'it fixes'],
  ['built-by', 'it is built by'],
  ['mentions', 'it mentions'],
  ['relates', 'it relates to'],
  ['blocks', 'it blocks'],
];

export function HandLinks({ item }: { item: ItemRef }) {
  const links = useWindow((s) => s.handLinks);
  const error = useWindow((s) => s.linkError);
  const [open, setOpen] = useState(false);
  const [target, setTarget] = useState('');
  const [kind, setKind] = useState<LinkKind>('parent');
  const { source, key } = item;
  useEffect(() => {
    void windowStore.getState().loadHandLinks({ source, key });
  }, [source, key]);
  const submit = async () => {
    await windowStore.getState().linkItem({ source, key }, target, kind);
    if (!windowStore.getState().linkError) {
      setTarget('');
      setOpen(false);
    }
  };
  return (
    <div className="hand-links" data-testid="hand-links">
      <div className="hand-links-bar">
        <button type="button" data-testid="item-lineage" onClick={() => void windowStore.getState().openLineage({ source, key }, 'items')}>
          Lineage
        </button>
        <button type="button" data-testid="link-to" aria-expanded={open} onClick={() => setOpen(!open)}>
          Link to…
        </button>
      </div>
      {open && (
        <form
          className="link-form"
          data-testid="link-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <label>
            {key}
            <select value={kind} data-testid="link-kind" onChange={(e) => setKind(e.target.value as LinkKind)}>
              {KINDS.map(([k, words]) => (
                <option key={k} value={k}>
                  {words}
                </option>
              ))}
            </select>
          </label>
          <label>
            key <input value={target} placeholder="REQ-7" data-testid="link-target" autoFocus onChange={(e) => setTarget(e.target.value)} />
          </label>
          <button type="submit" data-testid="link-save">
            Link
          </button>
        </form>
      )}
      {error && (
        <p className="data-error" role="alert" data-testid="link-error">
          {error}
        </p>
      )}
      {links.length > 0 && (
        <ul className="hand-link-list" aria-label="Links made by hand">
          {links.map((l) => (
            <li key={`${l.kind}>${l.target_source ?? ''}/${l.target_key}`} data-testid="hand-link" data-kind={l.kind} data-target={l.target_key}>
              {KINDS.find(([k]) => k === l.kind)?.[1] ?? l.kind} {l.target_key} <span className="data-note">(by hand)</span>{' '}
              <button type="button" data-testid="hand-link-remove" onClick={() => void windowStore.getState().unlinkItem(l)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
