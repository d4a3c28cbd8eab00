import { useState, type FormEvent } from 'react';

/** A path field and an Open button, for opening another `.flowmap` file. */
export function OpenMapForm({ onOpen }: { onOpen: (path: string) => Promise<void> }) {
  const [path, setPath] = useState('');
  const [opening, setOpening] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setOpening(true);
    try {
      await onOpen(path.trim());
    } finally {
      setOpening(false);
    }
  };

  return (
    <form className="open-map-form" onSubmit={submit}>
      <input
        type="text"
        value={path}
        onChange={(e) => setPath(e.target.value)}
        placeholder="/path/to/map.flowmap"
        aria-label="Path of a .flowmap file to open"
        data-testid="open-map-path"
        spellCheck={false}
      />
      <button type="submit" disabled={opening || path.trim() === ''}>
        {opening ? 'Opening…' : 'Open'}
      </button>
    </form>
  );
}
