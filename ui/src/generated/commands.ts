// Generated from the command declarations (crates/flowmap-api/src/commands/) by
// `scripts/gen-wire.sh`. Do not edit: a test fails when this file is stale.

import type { DiscoveryChoices, DiscoveryPreview, Edit, EditOutcome, EditorState, FileChanges, FlowView, ImportLogOptions, JobStatus, LogPreview, MappingTable, MetricsRequest, RecoveryInfo, StageChoice, StateCategory, StateRef } from './wire';
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
 * file from now on.
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
 * Writes an image of the canvas (a PNG or SVG `data:` URL) to `path`.
 */
export const exportImage = (path: string, dataUrl: string): Promise<null> => call('export_image', { path, dataUrl });

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
 * span, times without a zone); nothing is written.
 */
export const previewLog = (path: string, options: ImportLogOptions): Promise<LogPreview> => call('preview_log', { path, options });

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
 * The filters saved with the open map (the defaults when it has none).
 */
export const flowFilters = (): Promise<MetricsRequest> => call('flow_filters', {});

/**
 * Saves the filters with the open map (at once; not part of undo).
 */
export const saveFlowFilters = (filters: MetricsRequest): Promise<null> => call('save_flow_filters', { filters });

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
  export_image: { changesMap: false },
  recovery_info: { changesMap: false },
  restore_recovery: { changesMap: true },
  discard_recovery: { changesMap: false },
  preview_log: { changesMap: false },
  start_import: { changesMap: false },
  job_status: { changesMap: false },
  cancel_job: { changesMap: false },
  discover_preview: { changesMap: false },
  apply_discovery: { changesMap: true },
  mapping_table: { changesMap: false },
  set_mapping: { changesMap: false },
  confirm_mapping: { changesMap: false },
  flow_view: { changesMap: false },
  flow_filters: { changesMap: false },
  save_flow_filters: { changesMap: false },
  choose_path: { changesMap: false },
  open_link: { changesMap: false },
  close_window: { changesMap: false },
} as const;

export type CommandName = keyof typeof COMMANDS;
