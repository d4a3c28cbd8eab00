// Generated from the command declarations (crates/flowmap-api/src/commands/) by
// `scripts/gen-wire.sh`. Do not edit: a test fails when this file is stale.

import type { AddSource, Capacity, ConnectionAccepted, Credentials, DiscoveryChoices, DiscoveryPreview, DoraRequest, DoraView, DurationUnit, Edit, EditOutcome, EditorState, ExportRequest, FileChanges, FlowView, ForecastRequest, ForecastView, ImportLogOptions, ItemLineage, ItemTimeline, ItemsPage, ItemsQuery, JobStatus, KeyResultDraft, KeyResultId, KeyResultView, LineageSummaryView, LinkOutcome, LinkRequest, LogPreview, MappingTable, MetricsRequest, OverlayChoice, RecoveryInfo, SourceDropped, SourceSaved, SourcesView, StageChoice, StateCategory, StateComparison, StateId, StateRef, TestConnection, TypedDuration, UpdateSource, WhatIfRequest, WhatIfView } from './wire';
import { call } from '../transport';

/**
 * The open map as the editor shows it.
 */
export const editorState = (): Promise<EditorState> => call('editor_state', {});

/**
 * Applies one edit to the open map (one undo step); a refused edit changes nothing and
 * returns the core's reason.
 */
export const applyEdit = (edit: Edit): Promise<EditOutcome> => call('apply_edit', { edit });

/**
 * Undoes the last edit (nothing when there is none).
 */
export const undo = (): Promise<EditorState> => call('undo', {});

/**
 * Redoes the last undone edit (nothing when there is none).
 */
export const redo = (): Promise<EditorState> => call('redo', {});

/**
 * A new, empty map (unsaved until Save As).
 */
export const newMap = (): Promise<EditorState> => call('new_map', {});

/**
 * Opens the `.flowmap` file at `path` (taken from the current directory when relative)
 * and edits it from now on.
 */
export const openMap = (path: string): Promise<EditorState> => call('open_map', { path });

/**
 * Saves the map to its file.
 */
export const saveMap = (): Promise<EditorState> => call('save_map', {});

/**
 * Saves the map, its items, sources and mappings to a new file at `path`, and edits that
 * file from now on. A new map still called "Untitled map" is named after its file first
 * (as `flowmap new` names one), an edit Undo can take back.
 */
export const saveMapAs = (path: string): Promise<EditorState> => call('save_map_as', { path });

/**
 * How the open map's file stands against other writers (the CLI, a sync, another
 * window), asked about every second while the window is visible. When another writer
 * committed to the file, the map follows it first: the item counts, the nodes it added
 * (the whole stored map when nothing is unsaved); the window then reloads the editor
 * state and the figures. `map_changed`: Save will be refused, Save As keeps this version.
 */
export const fileChanges = (): Promise<FileChanges> => call('file_changes', {});

/**
 * Writes the map's JSON (no items) to `path`.
 */
export const exportJson = (path: string): Promise<null> => call('export_json', { path });

/**
 * A new, unsaved map holding the map of the JSON file at `path`.
 */
export const importJson = (path: string): Promise<EditorState> => call('import_json', { path });

/**
 * Writes the map to `path` as SVG or PNG (by its extension): title, as-of instant, the
 * overlay's heat and figures, legend and timeline ladder, drawn from the working map.
 */
export const exportMap = (path: string, request: ExportRequest): Promise<null> => call('export_map', { path, request });

/**
 * Writes the one-page report (PDF) to `path`: the map with heat, the ladder, the five
 * flow metrics with their trend, the bottleneck's figures and the kaizen bursts.
 */
export const exportReport = (path: string, request: ExportRequest): Promise<null> => call('export_report', { path, request });

/**
 * The recovery copy a session that did not end cleanly left, if any.
 */
export const recoveryInfo = (): Promise<RecoveryInfo | null> => call('recovery_info', {});

/**
 * Edits the work the recovery copy holds, unsaved.
 */
export const restoreRecovery = (): Promise<EditorState> => call('restore_recovery', {});

/**
 * Gives up the recovery copy.
 */
export const discardRecovery = (): Promise<null> => call('discard_recovery', {});

/**
 * The first rows of the event log at `path` as the importer reads them with `options`,
 * the columns it chose for each role, and what importing it will do (rows, items, time
 * span, times without a zone); nothing is written. Returns at once: a log over 4 MiB is
 * counted by a job (`summary_job`; poll `job_status`, cancel it when the options change).
 */
export const previewLog = (path: string, options: ImportLogOptions): Promise<LogPreview> => call('preview_log', { path, options });

/**
 * Keeps the bytes of a file dropped on a browser page (`name`, its bytes as base64 in
 * `data`, at most 32 MB) in the backend's data directory and returns its path, for
 * `preview_log`. A file that is not text (an image) is refused, naming it.
 */
export const storeDroppedFile = (name: string, data: string): Promise<string> => call('store_dropped_file', { name, data });

/**
 * Starts importing the event log at `path` into the open map's file, in one transaction,
 * as a job: returns its id at once (poll `job_status`). The map must have a file.
 */
export const startImport = (path: string, options: ImportLogOptions): Promise<number> => call('start_import', { path, options });

/**
 * How job `id` is going, or how it ended. Once an import has written to the open map's
 * file, the map follows it (item counts, a tool the import added); the flow view reloads
 * the items by itself (the file's data version changed).
 */
export const jobStatus = (id: number): Promise<JobStatus> => call('job_status', { id });

/**
 * Cancels job `id`: an import stops and leaves the file as it was.
 */
export const cancelJob = (id: number): Promise<JobStatus> => call('cancel_job', { id });

/**
 * The environment variable a sync reads the token of source `name` from (where there is
 * no OS keychain, or to override it): `FLOWMAP_TOKEN_` and the name in capitals.
 */
export const tokenEnvVar = (name: string): Promise<string> => call('token_env_var', { name });

/**
 * Every source of the open map's file with its kind, URL, query, tool, items, when it was
 * last synced and how that went, and where its token is; whether the OS keychain can take
 * tokens here.
 */
export const listSources = (): Promise<SourcesView> => call('list_sources', {});

/**
 * Connects a network source to the open map's file (adding its tool when the map has
 * none of that name). A token typed goes to the OS keychain, or where there is none, to
 * this session's memory; never to the file.
 */
export const addSource = (source: AddSource, credentials: Credentials | null): Promise<SourceSaved> => call('add_source', { source, credentials });

/**
 * Changes a source's URL, query, tool or token; a new URL or query makes the next sync
 * fetch everything again.
 */
export const updateSource = (name: string, update: UpdateSource, credentials: Credentials | null): Promise<SourceSaved> => call('update_source', { name, update, credentials });

/**
 * Removes a source; with `dropItems` its items, their transitions and its mapping rows
 * are deleted too (one transaction), otherwise they stay in the file.
 */
export const removeSource = (name: string, dropItems: boolean): Promise<SourceDropped> => call('remove_source', { name, dropItems });

/**
 * Sends the token to the source as the form holds it and reads its first page: what it
 * found, or in words why not (`unauthorized`, `forbidden`, `unreachable`, `not_found`,
 * `missing_credential`). Nothing is written.
 */
export const testConnection = (test: TestConnection): Promise<ConnectionAccepted> => call('test_connection', { test });

/**
 * Starts syncing `source` (every network source when not given) into the open map's
 * file as a job: returns its id at once (poll `job_status`, which reports each source's
 * progress). A failed or cancelled sync leaves the file as it was.
 */
export const startSync = (source: string | null): Promise<number> => call('start_sync', { source });

/**
 * Starts a dry run of `source`'s sync (every network source when not given) as a job
 * that only reads: it fetches what a sync would and reports, in the job's `dry_run`, the
 * items new or changed against the file, the state changes per state, the labels seen and
 * every event read and not stored, with why. Nothing is written.
 */
export const startDryRun = (source: string | null): Promise<number> => call('start_dry_run', { source });

/**
 * The stages and handoffs proposed from how the items of the open file move (the same
 * counts as `flowmap discover`), matched against the working map, and where each new stage
 * would be drawn. Nothing changes.
 */
export const discoverPreview = (source: string | null, minCount: number | null): Promise<DiscoveryPreview> => call('discover_preview', { source, minCount });

/**
 * Applies the choices about the proposal (keep, rename, merge, drop; handoffs kept or
 * dropped): the stages, handoffs and state lists as one edit, which one Undo takes back.
 */
export const applyDiscovery = (choices: DiscoveryChoices): Promise<EditOutcome> => call('apply_discovery', { choices });

/**
 * Every (source, state) of the open map's file: the items and the time it holds, its stage
 * and category, whether the category is an unconfirmed guess and why; unmapped states and
 * states two stages claim are counted with their time.
 */
export const mappingTable = (): Promise<MappingTable> => call('mapping_table', {});

/**
 * Sets the stage and/or the category of several rows at once (what is not given stays)
 * and confirms them; written to the file at once (not an undo step). Returns the table.
 */
export const setMapping = (rows: Array<StateRef>, stage: StageChoice | null, category: StateCategory | null): Promise<MappingTable> => call('set_mapping', { rows, stage, category });

/**
 * Confirms the rows as they are: their guessed categories become the user's.
 */
export const confirmMapping = (rows: Array<StateRef>): Promise<MappingTable> => call('confirm_mapping', { rows });

/**
 * The open map's flow under `filters` (the working map, unsaved stages included).
 */
export const flowView = (filters: MetricsRequest): Promise<FlowView> => call('flow_view', { filters });

/**
 * The open map's flow under the filters saved with it (those `flow_filters` gives), in one
 * call: what a window asks for as it opens a map, so the figures are computed while it
 * draws. `filters` in the answer are the saved ones (`include_points` as asked).
 */
export const savedFlowView = (includePoints: boolean): Promise<FlowView> => call('saved_flow_view', { includePoints });

/**
 * The filters saved with the open map (the defaults when it has none).
 */
export const flowFilters = (): Promise<MetricsRequest> => call('flow_filters', {});

/**
 * Saves the filters with the open map (at once; not part of undo).
 */
export const saveFlowFilters = (filters: MetricsRequest): Promise<null> => call('save_flow_filters', { filters });

/**
 * The overlay saved with the open map (mode and percentile; none when it has none).
 */
export const flowOverlay = (): Promise<OverlayChoice> => call('flow_overlay', {});

/**
 * Saves the overlay with the open map (at once; not part of undo).
 */
export const saveFlowOverlay = (overlay: OverlayChoice): Promise<null> => call('save_flow_overlay', { overlay });

/**
 * One page of the open map's items under `query`: search (key, title), filters (type,
 * source, state, stage, in flight / done), a sort column and direction, `offset` and
 * `limit` (at most 1,000); with how many match and how many there are.
 */
export const items = (query: ItemsQuery): Promise<ItemsPage> => call('items', { query });

/**
 * Item `key` of `source` and its history, state by state: entry time, duration, stage and
 * category; measured at `now` (RFC 3339 or a date) or the current time.
 */
export const itemTimeline = (source: string, key: string, now: string | null): Promise<ItemTimeline> => call('item_timeline', { source, key, now });

/**
 * How many items will be done in the next days, or when a number of items will be done,
 * at 50, 85 and 95 % confidence: a seeded Monte Carlo over the completions of the open
 * file's items in the sampling window (docs/metrics.md, "Forecasts"); with `backtest`, the
 * same forecast made from past dates against what happened.
 */
export const forecast = (request: ForecastRequest): Promise<ForecastView> => call('forecast', { request });

/**
 * What-if: the open file's items replayed through the current stream and through the
 * stream as a future state (and the changes typed) would run it — people, WIP limits,
 * batch sizes, handoffs removed — by a simulation calibrated on each stage's measured
 * arrivals and work; the baseline's difference from what was measured says how far to
 * trust it (docs/metrics.md, "What-if").
 */
export const whatIf = (request: WhatIfRequest): Promise<WhatIfView> => call('what_if', { request });

/**
 * Capacity for new work and unplanned work under the flow view's filters: per stage and
 * team, the load taken by features, defects, risks and debts; rework per team; the share
 * of the items that arrived in the window that were defects (docs/metrics.md).
 */
export const capacity = (request: MetricsRequest): Promise<Capacity> => call('capacity', { request });

/**
 * The delivery metrics (DORA) of the open file's items: deployment frequency, lead time for
 * changes, change failure rate, time to restore, with the artifact types counted as
 * deployments and changes (docs/metrics.md, "Delivery metrics (DORA)").
 */
export const dora = (request: DoraRequest): Promise<DoraView> => call('dora', { request });

/**
 * The open map's flow key results, each measured week by week from its start up to `now`
 * (RFC 3339 or a date; the current time when absent) with its status and the reason.
 */
export const keyResults = (now: string | null): Promise<Array<KeyResultView>> => call('key_results', { now });

/**
 * Adds a key result (no `id`) or changes one read at `version`; the baseline and target
 * in words of its figure's unit. Written to the file at once (not an undo step); refused
 * with `record_changed` when another program changed it since. Returns the key results.
 */
export const saveKeyResult = (draft: KeyResultDraft, now: string | null): Promise<Array<KeyResultView>> => call('save_key_result', { draft, now });

/**
 * Removes the key result `id` read at `version`; returns the key results left.
 */
export const deleteKeyResult = (id: KeyResultId, version: number, now: string | null): Promise<Array<KeyResultView>> => call('delete_key_result', { id, version, now });

/**
 * Every root item (linked to descendants along the map's artifact flows) with its status,
 * end-to-end flow time, time in each tool and between tools; crossing times (p50/p85) per
 * artifact flow; end-to-end time per flow item type. Measured at `now` (RFC 3339 or a
 * date) or the current time.
 */
export const lineageSummary = (now: string | null): Promise<LineageSummaryView> => call('lineage_summary', { now });

/**
 * The lineage of item `key` of `source`: its root's figures and tree, each item with the
 * item it came from, its crossing time and its states (for the lineage timeline).
 */
export const itemLineage = (source: string, key: string, now: string | null): Promise<ItemLineage> => call('item_lineage', { source, key, now });

/**
 * Links two items by hand (kept through re-syncs; written to the file at once, not an undo
 * step). `changed` is false when the link was already there.
 */
export const linkItems = (link: LinkRequest): Promise<LinkOutcome> => call('link_items', { link });

/**
 * The links made by hand from item `key` of `source` (each as the request that removes it).
 */
export const handLinks = (source: string, key: string): Promise<Array<LinkRequest>> => call('hand_links', { source, key });

/**
 * Removes a link made by hand (a source's own links come back with its next sync, so they
 * are not removed). `changed` is false when there was no such link.
 */
export const unlinkItems = (link: LinkRequest): Promise<LinkOutcome> => call('unlink_items', { link });

/**
 * Shows a state of the stream (`null`: the current state); each keeps its own undo history.
 */
export const showState = (state: StateId | null): Promise<EditorState> => call('show_state', { state });

/**
 * Makes a future state, a copy of the current state named `name`, and shows it.
 */
export const createFutureState = (name: string): Promise<EditorState> => call('create_future_state', { name });

/**
 * Renames a future state.
 */
export const renameFutureState = (state: StateId, name: string): Promise<EditorState> => call('rename_future_state', { state, name });

/**
 * Deletes a future state (the current state is shown if it was).
 */
export const deleteFutureState = (state: StateId): Promise<EditorState> => call('delete_future_state', { state });

/**
 * The current state's ladder totals against the future state's, under `filters`.
 */
export const compareStates = (state: StateId, filters: MetricsRequest): Promise<StateComparison> => call('compare_states', { state, filters });

/**
 * A path chosen in the system's file dialog: a file to open (`save` false) or to save to,
 * of the kind `extension` names ("flowmap", "json", "png", "svg", or "log": an event log
 * in CSV or XES). `null` when cancelled or where there are no dialogs (a plain browser).
 */
export const choosePath = (save: boolean, extension: string): Promise<string | null> => call('choose_path', { save, extension });

/**
 * Opens an item's page (an http or https address) in the system's browser, never in the
 * app's window.
 */
export const openLink = (url: string): Promise<null> => call('open_link', { url });

/**
 * Closes the window for good (after the user was asked about unsaved work); the recovery
 * copy goes.
 */
export const closeWindow = (): Promise<null> => call('close_window', {});

/**
 * Reads a typed duration ("2d", "3 days", "90 min", "1.5 h", "2 wk", "1h30"); a bare
 * number counts in `unit`. `null` for empty text; refused (`invalid_argument`) saying what
 * is accepted.
 */
export const readDuration = (text: string, unit: DurationUnit): Promise<TypedDuration | null> => call('read_duration', { text, unit });

/**
 * Reads a typed %C&A ("85 %", "85", "0.85") as a fraction in [0, 1]. `null` for empty
 * text; refused (`invalid_argument`) saying what is accepted.
 */
export const readShare = (text: string): Promise<number | null> => call('read_share', { text });

/** Every command, and whether it can change the open map. */
export const COMMANDS = {
  editor_state: { changesMap: false },
  apply_edit: { changesMap: true },
  undo: { changesMap: true },
  redo: { changesMap: true },
  new_map: { changesMap: true },
  open_map: { changesMap: true },
  save_map: { changesMap: true },
  save_map_as: { changesMap: true },
  file_changes: { changesMap: false },
  export_json: { changesMap: false },
  import_json: { changesMap: true },
  export_map: { changesMap: false },
  export_report: { changesMap: false },
  recovery_info: { changesMap: false },
  restore_recovery: { changesMap: true },
  discard_recovery: { changesMap: false },
  preview_log: { changesMap: false },
  store_dropped_file: { changesMap: false },
  start_import: { changesMap: false },
  job_status: { changesMap: false },
  cancel_job: { changesMap: false },
  token_env_var: { changesMap: false },
  list_sources: { changesMap: false },
  add_source: { changesMap: true },
  update_source: { changesMap: true },
  remove_source: { changesMap: true },
  test_connection: { changesMap: false },
  start_sync: { changesMap: false },
  start_dry_run: { changesMap: false },
  discover_preview: { changesMap: false },
  apply_discovery: { changesMap: true },
  mapping_table: { changesMap: false },
  set_mapping: { changesMap: false },
  confirm_mapping: { changesMap: false },
  flow_view: { changesMap: false },
  saved_flow_view: { changesMap: false },
  flow_filters: { changesMap: false },
  save_flow_filters: { changesMap: false },
  flow_overlay: { changesMap: false },
  save_flow_overlay: { changesMap: false },
  items: { changesMap: false },
  item_timeline: { changesMap: false },
  forecast: { changesMap: false },
  what_if: { changesMap: false },
  capacity: { changesMap: false },
  dora: { changesMap: false },
  key_results: { changesMap: false },
  save_key_result: { changesMap: false },
  delete_key_result: { changesMap: false },
  lineage_summary: { changesMap: false },
  item_lineage: { changesMap: false },
  link_items: { changesMap: false },
  hand_links: { changesMap: false },
  unlink_items: { changesMap: false },
  show_state: { changesMap: true },
  create_future_state: { changesMap: true },
  rename_future_state: { changesMap: true },
  delete_future_state: { changesMap: true },
  compare_states: { changesMap: false },
  choose_path: { changesMap: false },
  open_link: { changesMap: false },
  close_window: { changesMap: false },
  read_duration: { changesMap: false },
  read_share: { changesMap: false },
} as const;

export type CommandName = keyof typeof COMMANDS;
