// What the Sources tab knows about each kind of network source: the form's fields with a line
// of help each, how they become the source's URL and query (and back, to edit), and the words
// for why a connection or a sync failed (the error code decides them).

import type { ApiError, SourceKind, SourceSummary, SourceSyncReport, SyncState } from '../generated/wire';
import { formatCount } from './importText';

export type NetworkKind = 'jira' | 'github' | 'gitlab' | 'azure-devops' | 'jenkins';

export type FieldKey = 'url' | 'query' | 'project' | 'job';

export type FieldSpec = { key: FieldKey; label: string; placeholder: string; help: string; required: boolean };

export type KindForm = {
  kind: NetworkKind;
  label: string;
  fields: FieldSpec[];
  /** The user of basic authentication, where the kind has one. */
  user: { label: string; help: string } | null;
  token: { help: string; required: boolean };
};

export const KIND_FORMS: readonly KindForm[] = [
  {
    kind: 'jira',
    label: 'Jira (Cloud or Server/Data Center)',
    fields: [
      { key: 'url', label: 'Site URL', placeholder: 'https://acme.atlassian.net', help: 'Your Jira site: Cloud (…atlassian.net) or your Server/Data Center address; the kind is told by the site itself.', required: true },
      { key: 'query', label: 'JQL', placeholder: 'project = FLOW', help: 'Which issues to read, e.g. project = FLOW AND type != Epic; its ORDER BY is replaced.', required: false },
    ],
    user: { label: 'E-mail (Jira Cloud)', help: 'Jira Cloud: the e-mail of your Atlassian account (basic authentication). Leave empty on Server/Data Center.' },
    token: { help: 'Cloud: an API token (id.atlassian.com → Security). Server/Data Center: a personal access token.', required: true },
  },
  {
    kind: 'github',
    label: 'GitHub',
    fields: [
      { key: 'query', label: 'Repository', placeholder: 'owner/repo', help: 'owner/repo; add ?parts=issues,pulls,runs,deployments to choose what is read.', required: true },
      { key: 'url', label: 'API URL', placeholder: 'https://api.github.com', help: 'Leave empty for github.com; GitHub Enterprise: https://HOST/api/v3.', required: false },
    ],
    user: null,
    token: { help: 'A token that can read the repository’s issues and pull requests (optional for public repositories).', required: false },
  },
  {
    kind: 'gitlab',
    label: 'GitLab',
    fields: [
      { key: 'url', label: 'Base URL', placeholder: 'https://gitlab.com', help: 'Leave empty for gitlab.com, or your instance’s address.', required: false },
      { key: 'query', label: 'Project path', placeholder: 'group/project', help: 'The project’s path as in its address, e.g. group/subgroup/project.', required: true },
    ],
    user: null,
    token: { help: 'A personal or project access token with read_api (optional for public projects).', required: false },
  },
  {
    kind: 'azure-devops',
    label: 'Azure DevOps',
    fields: [
      { key: 'url', label: 'Organization URL', placeholder: 'https://dev.azure.com/acme', help: 'https://dev.azure.com/ORGANIZATION (or your server’s collection URL).', required: true },
      { key: 'project', label: 'Project', placeholder: 'Flow', help: 'The project whose work items are read.', required: true },
      { key: 'query', label: 'WIQL condition or area', placeholder: "[System.AreaPath] UNDER 'Flow\\Team A'", help: 'Optional: a WIQL condition; all work items of the project when empty.', required: false },
    ],
    user: null,
    token: { help: 'A personal access token with Work Items (Read).', required: true },
  },
  {
    kind: 'jenkins',
    label: 'Jenkins',
    fields: [
      { key: 'url', label: 'Jenkins URL', placeholder: 'https://ci.acme.com', help: 'The address of your Jenkins.', required: true },
      { key: 'job', label: 'Job', placeholder: 'folder/deploy', help: 'The job’s name; in folders, folder/job.', required: true },
    ],
    user: { label: 'User', help: 'Your Jenkins user name, with its API token below (optional when builds are public).' },
    token: { help: 'An API token (your user → Configure → API Token).', required: false },
  },
];

export function kindForm(kind: SourceKind): KindForm | undefined {
  return KIND_FORMS.find((k) => k.kind === kind);
}

export type Fields = Partial<Record<FieldKey, string>>;

const trimSlash = (s: string) => s.trim().replace(/\/+$/, '');

/** The source's URL and query from the form's fields. */
export function toSettings(kind: NetworkKind, f: Fields): { url?: string; query?: string } {
  const url = trimSlash(f.url ?? '');
  const query = (f.query ?? '').trim();
  if (kind === 'azure-devops') {
    const project = (f.project ?? '').trim();
    return { url: project ? `${url}/${encodeURIComponent(project)}` : url, query };
  }
  if (kind === 'jenkins') {
    const job = (f.job ?? '').trim().replace(/^\/+|\/+$/g, '');
    const path = job ? job.split('/').map((part) => `/job/${encodeURIComponent(part)}`).join('') : '';
    return { url: `${url}${path}`, query };
  }
  return { url: url || undefined, query };
}

/** The form's fields from a stored source (to edit it). */
export function toFields(s: Pick<SourceSummary, 'kind' | 'url' | 'query'>): Fields {
  const url = s.url ?? '';
  if (s.kind === 'azure-devops') {
    const at = url.lastIndexOf('/');
    return { url: url.slice(0, at), project: decodeURIComponent(url.slice(at + 1)), query: s.query ?? '' };
  }
  if (s.kind === 'jenkins') {
    const [base, ...jobs] = url.split('/job/');
    return { url: base, job: jobs.map((j) => decodeURIComponent(j.replace(/\/$/, ''))).join('/'), query: s.query ?? '' };
  }
  return { url, query: s.query ?? '' };
}

/** The host of a URL, for messages. */
function hostOf(url: string | null | undefined): string {
  try {
    return url ? new URL(url).host : 'the server';
  } catch {
    return url ?? 'the server';
  }
}

/** Why a connection test or a sync failed, in words; the code decides them. */
export function failureText(error: ApiError, url?: string | null): string {
  switch (error.code) {
    case 'unauthorized':
      return 'The token was refused (401): check it, and the e-mail for Jira Cloud.';
    case 'forbidden':
      return 'The token cannot read this project (403): it was accepted but lacks permission.';
    case 'unreachable':
      return `Cannot reach host ${hostOf(url)}: ${error.message}`;
    case 'not_found':
      return `Not found: ${error.message}`;
    case 'missing_credential':
      return `No token: ${error.message}`;
    case 'rate_limited':
      return `The server’s rate limit is exhausted: ${error.message}`;
    case 'cancelled':
      return 'Cancelled: the file is unchanged.';
    case 'source_failed':
      return `The source answered with an error: ${error.message}`;
    default:
      return error.message;
  }
}

export const STATE_WORDS: Record<SyncState, string> = {
  never: 'never synced',
  synced: 'synced',
  failed: 'failed',
  demo: 'demo data',
};

/** "12 new items, 3 changed, 2 new states (Review, QA), in 1.2 s". */
export function syncSummary(r: SourceSyncReport): string {
  const changed = Math.max(0, r.items_fetched - r.items_new);
  const fresh = r.states.filter((s) => s.proposed).map((s) => s.state);
  const states = fresh.length === 0 ? 'no new states' : `${fresh.length} new state${fresh.length === 1 ? '' : 's'} (${fresh.join(', ')})`;
  const secs = r.millis < 1000 ? `${r.millis} ms` : `${(r.millis / 1000).toFixed(1)} s`;
  return `${formatCount(r.items_new)} new items, ${formatCount(changed)} changed, ${states}, in ${secs}`;
}
