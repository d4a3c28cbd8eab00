// Adding or editing a network source: the kind's own fields with a line of help each, the tool
// node it belongs to (one of the map's tools, or a new one), the token (and user where the kind
// needs one), and Test connection, which says in words what the source answered.

import { useEffect, useState } from 'react';
import { tokenEnvVar } from '../backend';
import type { SourceSummary } from '../generated/wire';
import { useWindow, windowStore } from '../store/window';
import { KIND_FORMS, kindForm, toFields, toSettings, type FieldKey, type Fields, type NetworkKind } from './sourceKinds';
import { formatCount } from './importText';

const NEW_TOOL = '__new__';

function ConnectionResult() {
  const test = useWindow((s) => s.connectionTest);
  if (!test) return null;
  if (test.state === 'testing') return <p className="data-note" role="status" data-testid="connection-testing">Testing the connection…</p>;
  if (test.state === 'accepted') {
    return (
      <p className="connection-ok" role="status" data-testid="connection-result">
        The token was accepted: {test.result.message.replace(/^accepted: /, '')}
        {test.result.total === null && test.result.fetched > 0 ? ` (at least ${formatCount(test.result.fetched)})` : ''}.
      </p>
    );
  }
  return (
    <p className="data-error" role="alert" data-testid="connection-result">
      {test.text}
    </p>
  );
}

function KeychainNote({ envVar }: { envVar: string }) {
  const keychain = useWindow((s) => s.sources?.keychain ?? null);
  if (!keychain || keychain.available) {
    return <p className="field-help">The token goes into the OS keychain, never into the map file.</p>;
  }
  return (
    <p className="data-note" data-testid="no-keychain">
      There is no OS keychain here ({keychain.reason}). A token typed here is kept in memory for this session only, never written; to keep one,
      set the environment variable <code>{envVar}</code> before starting Flowmap.
    </p>
  );
}

/** The environment variable a sync reads this source's token from, as the backend names it. */
function useTokenEnvVar(source: string): string {
  const [name, setName] = useState('');
  useEffect(() => {
    let live = true;
    tokenEnvVar(source).then(
      (v) => live && setName(v),
      () => live && setName(''),
    );
    return () => {
      live = false;
    };
  }, [source]);
  return name;
}

export function SourceForm({ editing }: { editing: SourceSummary | null }) {
  const nodes = useWindow((s) => s.editor?.view.nodes);
  const tools = (nodes ?? []).filter((v) => v.node.kind === 'tool').map((v) => v.node);
  const [kind, setKind] = useState<NetworkKind>((editing?.kind as NetworkKind | undefined) ?? 'jira');
  const [name, setName] = useState(editing?.name ?? '');
  const [fields, setFields] = useState<Fields>(editing ? toFields(editing) : {});
  const [tool, setTool] = useState<string>(editing?.tool_id ?? tools[0]?.id ?? NEW_TOOL);
  const [newTool, setNewTool] = useState('');
  const [user, setUser] = useState('');
  const [token, setToken] = useState('');
  const form = kindForm(kind)!;
  const sourceName = (editing?.name ?? name.trim()) || kind;
  const envVar = useTokenEnvVar(sourceName);
  const settings = toSettings(fields);
  const credentials = token.trim() ? { token: token.trim(), ...(user.trim() ? { user: user.trim() } : {}) } : null;
  const toolName = tool === NEW_TOOL ? newTool.trim() || form.label.split(' ')[0]! : tool;
  const missing = form.fields.some((f) => f.required && !(fields[f.key] ?? '').trim());
  const s = () => windowStore.getState();

  const test = () =>
    void s().testConnection(
      { kind, url: settings.url, query: settings.query || undefined, credentials: credentials ?? undefined, source: editing?.name },
      settings.url ?? null,
    );
  const save = () =>
    void (editing
      ? s().updateSource(editing.name, { url: settings.url, query: settings.query ?? '', tool: toolName }, credentials)
      : s().addSource({ name: name.trim() || undefined, kind, url: settings.url, query: settings.query || undefined, tool: toolName }, credentials));

  return (
    <form
      className="source-form"
      aria-label={editing ? `Edit ${editing.name}` : 'Add a source'}
      data-testid="source-form"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <h3>{editing ? `Edit ${editing.name}` : 'Add a source'}</h3>
      <label>
        Kind
        <select value={kind} disabled={editing !== null} data-testid="source-kind" onChange={(e) => { setKind(e.target.value as NetworkKind); setFields({}); }}>
          {KIND_FORMS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </select>
      </label>
      {!editing && (
        <label>
          Name
          <input type="text" value={name} placeholder={kind} data-testid="source-name" onChange={(e) => setName(e.target.value)} />
          <span className="field-help">Unique in the map; the kind when empty. The token’s environment variable is named after it.</span>
        </label>
      )}
      {form.fields.map((f) => (
        <label key={f.key}>
          {f.label}
          {f.required ? '' : ' (optional)'}
          <input
            type="text"
            value={fields[f.key] ?? ''}
            placeholder={f.placeholder}
            data-testid={`source-${f.key}`}
            onChange={(e) => setFields({ ...fields, [f.key as FieldKey]: e.target.value })}
          />
          <span className="field-help">{f.help}</span>
        </label>
      ))}
      <label>
        Tool on the map
        <select value={tool} data-testid="source-tool" onChange={(e) => setTool(e.target.value)}>
          {tools.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
          <option value={NEW_TOOL}>New tool…</option>
        </select>
        {tool === NEW_TOOL && (
          <input type="text" value={newTool} placeholder={form.label.split(' ')[0]} data-testid="source-new-tool" onChange={(e) => setNewTool(e.target.value)} />
        )}
        <span className="field-help">The tool node its items belong to; a new one is added to the map.</span>
      </label>
      {form.user && (
        <label>
          {form.user.label}
          <input type="text" value={user} autoComplete="off" data-testid="source-user" onChange={(e) => setUser(e.target.value)} />
          <span className="field-help">{form.user.help}</span>
        </label>
      )}
      <label>
        Token{form.token.required ? '' : ' (optional)'}
        <input
          type="password"
          value={token}
          autoComplete="off"
          placeholder={editing ? 'leave empty to keep the stored one' : ''}
          data-testid="source-token"
          onChange={(e) => setToken(e.target.value)}
        />
        <span className="field-help">{form.token.help}</span>
      </label>
      <KeychainNote envVar={envVar} />
      <ConnectionResult />
      <div className="source-form-actions">
        <button type="button" data-testid="source-test" disabled={missing} onClick={test}>
          Test connection
        </button>
        <button type="submit" className="primary" data-testid="source-save" disabled={missing}>
          {editing ? 'Save' : 'Add source'}
        </button>
        <button type="button" data-testid="source-form-cancel" onClick={() => s().openSourceForm(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
