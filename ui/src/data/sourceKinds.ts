// What the Sources tab knows about each kind of network source: the form's fields with a line
// of help each, how they become the source's URL and query (and back, to edit), and the words
// for why a connection or a sync failed (the error code decides them).

import type { ApiError, SourceKind, SourceSummary, SourceSyncReport, SyncState } from '../generated/wire';
import { formatCount } from './importText';

export type NetworkKind = 'jira' | 'github' | 'gitlab' | 'azure-devops' | 'jenkins';

export type FieldKey = 'url' | 'query';

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
      { key: 'query', label: 'Repository', placeholder: 'owner/repo', help: 'owner/repo; add ?state_labels=In progress,Needs review to make those labels states (scoped ones such as status: doing are; Dry run lists the labels seen), ?parts=issues,pulls,runs,deployments to choose what is read.', required: true },
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
      { key: 'url', label: 'Project URL', placeholder: 'https://dev.azure.com/acme/Flow', help: 'The project’s address: https://dev.azure.com/ORGANIZATION/PROJECT, or your server’s collection URL and project.', required: true },
      { key: 'query', label: 'WIQL condition or area', placeholder: "[System.AreaPath] UNDER 'Flow\\Team A'", help: 'Optional: a WIQL condition; all work items of the project when empty.', required: false },
    ],
    user: null,
    token: { help: 'A personal access token with Work Items (Read).', required: true },
  },
  {
    kind: 'jenkins',
    label: 'Jenkins',
    fields: [
      { key: 'url', label: 'Job URL', placeholder: 'https://ci.acme.com/job/apps/job/deploy', help: 'The job’s address as your browser shows it; a job in a folder is …/job/FOLDER/job/JOB.', required: true },
      { key: 'query', label: 'Pull requests in', placeholder: 'pulls=github-app', help: 'Optional: pulls=SOURCE names the GitHub or GitLab source holding the pull requests the builds built, so each build links to them (keys like PAY-12 in the commits are linked without it).', required: false },
    ],
    user: { label: 'User', help: 'Your Jenkins user name, with its API token below (optional when builds are public).' },
    token: { help: 'An API token (your user → Configure → API Token).', required: false },
  },
];

export function kindForm(kind: SourceKind): KindForm | undefined {
  return KIND_FORMS.find((k) => k.kind === kind);
}

export type Fields = Partial<Record<FieldKey, string>>;

/**
 * The source's URL and query from the form's fields: each field is one of the source's settings
 * as the connectors read them (docs/sources.md), so nothing is composed here.
 */
export function toSettings(f: Fields): { url?: string; query?: string } {
  const url = (f.url ?? '').trim();
  return { url: url || undefined, query: (f.query ?? '').trim() };
}

/** The form's fields from a stored source (to edit it). */
export function toFields(s: Pick<SourceSummary, 'url' | 'query'>): Fields {
  return { url: s.url ?? '', query: s.query ?? '' };
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
