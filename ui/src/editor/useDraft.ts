import { useState } from 'react';

export type Draft = {
  /** What the field shows: the text being typed, else the value. */
  text: string;
  /** Why the text typed was refused, if it was. */
  error: string | null;
  setText: (text: string) => void;
  setError: (error: string | null) => void;
  /** Back to the value, no error. */
  reset: () => void;
};

/**
 * A field's text while it is typed over `value`. The draft belongs to the value it was typed
 * over: once the value changes (committed, undone, another node shown) the field shows the new
 * value. Derived, not copied by an effect.
 */
export function useDraft(value: string): Draft {
  const [draft, setDraft] = useState<{ over: string; text: string; error: string | null } | null>(null);
  // A draft typed over an earlier value is dropped (while rendering, so it never shows).
  if (draft !== null && draft.over !== value) setDraft(null);
  const mine = draft !== null && draft.over === value ? draft : null;
  return {
    text: mine ? mine.text : value,
    error: mine ? mine.error : null,
    setText: (text) => setDraft((d) => ({ over: value, text, error: d && d.over === value ? d.error : null })),
    setError: (error) => setDraft((d) => (d && d.over === value ? { ...d, error } : error === null ? d : { over: value, text: value, error })),
    reset: () => setDraft(null),
  };
}
