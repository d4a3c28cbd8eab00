// The inspector's fields: a text field and a select that commit what is typed or chosen and
// show, in place, why the core refused it.

import { useEffect, useId, useRef, useState } from 'react';
import { useDraft } from './useDraft';

/** A text field that commits on Enter or when it loses focus, and shows why a value was refused. */
export function TextField({
  label,
  value,
  onCommit,
  multiline = false,
  placeholder,
  testId,
  autoFocus = false,
}: {
  label: string;
  value: string;
  onCommit: (text: string) => Promise<string | null>;
  multiline?: boolean;
  placeholder?: string;
  testId?: string;
  autoFocus?: boolean;
}) {
  const id = useId();
  const { text: draft, setText: setDraft, error, setError, reset } = useDraft(value);
  const input = useRef<HTMLInputElement>(null);
  // A node just added: its name is typed next. After the canvas has handled its own focus.
  useEffect(() => {
    if (!autoFocus) return;
    const timer = setTimeout(() => {
      input.current?.focus();
      input.current?.select();
    }, 0);
    return () => clearTimeout(timer);
  }, [autoFocus]);
  /** Commits the text typed; whether it was accepted (or unchanged). */
  const commitDraft = async (): Promise<boolean> => {
    if (draft === value) {
      setError(null);
      return true;
    }
    const refused = await onCommit(draft);
    setError(refused);
    return refused === null;
  };
  const common = {
    id,
    value: draft,
    placeholder,
    'data-testid': testId,
    'aria-invalid': error !== null,
    'aria-describedby': error ? `${id}-error` : undefined,
    onChange: (e: { target: { value: string } }) => setDraft(e.target.value),
    onBlur: () => void commitDraft(),
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea {...common} rows={3} />
      ) : (
        <input
          {...common}
          ref={input}
          type="text"
          onKeyDown={(e) => {
            // Enter commits and, when accepted, leaves the field: the map's keys work again.
            if (e.key === 'Enter') {
              const field = e.currentTarget;
              void commitDraft().then((ok) => ok && document.activeElement === field && field.blur());
            }
            if (e.key === 'Escape') {
              reset();
              (e.target as HTMLInputElement).blur();
            }
          }}
        />
      )}
      {error && (
        <div className="field-error" id={`${id}-error`} role="alert" data-testid="field-error">
          {error}
        </div>
      )}
    </div>
  );
}

export function SelectField<T extends string>({
  label,
  value,
  options,
  onCommit,
  testId,
}: {
  label: string;
  value: T;
  options: { value: T; label: string }[];
  onCommit: (value: T) => Promise<string | null>;
  testId?: string;
}) {
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} data-testid={testId} onChange={async (e) => setError(await onCommit(e.target.value as T))}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error && (
        <div className="field-error" role="alert" data-testid="field-error">
          {error}
        </div>
      )}
    </div>
  );
}
