// Generated from the Rust wire types (crates/flowmap-api/src/wire/) by
// `scripts/gen-wire.sh`. Do not edit: a test fails when this file is stale.

export type NodeId = string;

export type EdgeId = string;

export type StateId = string;

export type FlowItemType = "Feature" | "Defect" | "Risk" | "Debt";

export type ToolKind = "jira" | "github" | "gitlab" | "azure-devops" | "jenkins" | "salesforce" | "servicenow" | "targetprocess" | "deskcom" | "slack" | "other";

export type SourceKind = "csv" | "actionable-agile" | "xes" | "ocel" | "jira" | "github" | "gitlab" | "azure-devops" | "jenkins";

export type Estimates = { 
/**
 * Process time (hands-on work) in seconds.
 */
process_time_secs?: number, 
/**
 * Lead time (from arrival to leaving the stage) in seconds.
 */
lead_time_secs?: number, 
/**
 * Percent complete and accurate, as a fraction in [0, 1].
 */
complete_accurate?: number, 
/**
 * Work items waiting in front of the stage, as counted in the workshop.
 */
queue_size?: number, 
/**
 * Items the stage takes on or passes on at once (at least 1).
 */
batch_size?: number, 
/**
 * People who work in the stage.
 */
people?: number, 
/**
 * The most items the stage may hold at once (its WIP limit), at least 1.
 */
wip_limit?: number, };

export type DurationUnit = "minutes" | "hours" | "days" | "weeks";

export type TypedDuration = { seconds: number, unit: DurationUnit, };

export type ArtifactType = { name: string, flow_item_type: FlowItemType, 
/**
 * Not a flow item: its items are traced in the lineage (and DORA reads builds and
 * deployments) but no flow figure counts them — a pull request, a build, or a portfolio
 * level above the items that flow through the stages (`docs/metrics.md`, "Flow items").
 */
not_flow_item?: boolean, };

export type ArtifactLink = { source_type: string, target_type: string, flow_item_type: FlowItemType, };

export type Stage = { id: NodeId, name: string, 
/**
 * The team that owns the stage.
 */
team?: string, 
/**
 * The tool (a [`Tool`] node) the stage lives in.
 */
tool?: NodeId, 
/**
 * The partner (a [`Partner`] node) that owns the stage, if any.
 */
partner?: NodeId, 
/**
 * The source workflow states that belong to this stage, e.g. "Ready for QA", "In QA".
 */
states: Array<string>, 
/**
 * Figures the workshop estimated before any data was connected.
 */
estimates: Estimates, };

export type Tool = { id: NodeId, name: string, tool_kind: ToolKind, 
/**
 * The partner (a [`Partner`] node) that owns the tool, if any.
 */
partner?: NodeId, 
/**
 * The artifact types this tool holds, each tagged with its flow item type.
 */
artifact_types: Array<ArtifactType>, };

export type Partner = { id: NodeId, name: string, };

export type Customer = { id: NodeId, name: string, };

export type Note = { id: NodeId, 
/**
 * The note's text (called `name` like every node's, so lists and messages show it).
 */
name: string, };

export type BurstStatus = "idea" | "planned" | "doing" | "done" | "dropped";

export type BurstTarget = { "kind": "stage", id: NodeId, } | { "kind": "handoff", id: EdgeId, };

export type Burst = { id: NodeId, 
/**
 * The idea's title.
 */
name: string, owner?: string, 
/**
 * The effect expected, in the workshop's words ("review wait −2 d").
 */
effect?: string, status: BurstStatus, 
/**
 * The stage or handoff the idea improves; none for an idea about the whole stream.
 */
target?: BurstTarget, };

export type Node = { "kind": "stage" } & Stage | { "kind": "tool" } & Tool | { "kind": "partner" } & Partner | { "kind": "customer" } & Customer | { "kind": "note" } & Note | { "kind": "burst" } & Burst;

export type Handoff = { id: EdgeId, from: NodeId, to: NodeId, label?: string, };

export type ArtifactFlow = { id: EdgeId, from: NodeId, to: NodeId, links: Array<ArtifactLink>, };

export type Edge = { "kind": "handoff" } & Handoff | { "kind": "artifact_flow" } & ArtifactFlow;

export type NodeView = { node: Node, x: number, y: number, width: number, height: number, };

export type EdgeView = { edge: Edge, label?: string, 
/**
 * A handoff that goes back against the flow.
 */
rework: boolean, };

export type MapView = { 
/**
 * The `.flowmap` file shown.
 */
path: string, name: string, nodes: Array<NodeView>, edges: Array<EdgeView>, 
/**
 * Stages in flow order (rework loops set aside).
 */
flow_order: Array<NodeId>, 
/**
 * The stages of the critical path, first to last.
 */
critical_path: Array<NodeId>, items: number, transitions: number, };

export type StageInfo = { id: NodeId, name: string, team: string | null, tool: string | null, partner: string | null, states: Array<string>, estimates: Estimates, };

export type ToolInfo = { id: NodeId, name: string, tool_kind: ToolKind, partner: string | null, artifact_types: Array<ArtifactType>, };

export type PartnerInfo = { id: NodeId, name: string, 
/**
 * Names of the stages and tools the partner owns.
 */
owns: Array<string>, };

export type HandoffInfo = { from: string, to: string, rework: boolean, };

export type ArtifactFlowInfo = { from: string, to: string, links: Array<ArtifactLink>, };

export type SourceInfo = { name: string, kind: SourceKind, tool: string | null, url: string | null, query: string | null, };

export type MapInfo = { path: string, name: string, schema_version: number, 
/**
 * Stages in flow order.
 */
stages: Array<StageInfo>, tools: Array<ToolInfo>, partners: Array<PartnerInfo>, customers: Array<string>, handoffs: Array<HandoffInfo>, artifact_flows: Array<ArtifactFlowInfo>, 
/**
 * Stage names along the critical path.
 */
critical_path: Array<string>, sources: Array<SourceInfo>, items: number, transitions: number, };

export type StateCategory = "New" | "Waiting" | "Active" | "Done" | "Canceled" | "Ignore";

export type StateMapping = { source: string, state: string, 
/**
 * The stage the state belongs to; `None` leaves it to the stages' state lists.
 */
stage: NodeId | null, category: StateCategory, };

export type WindowKind = "completed" | "during";

export type WindowInfo = { kind: WindowKind, 
/**
 * Start of the window; `None` means since the first event.
 */
from: string | null, 
/**
 * End of the window (exclusive); the `now` instant when not given.
 */
to: string, 
/**
 * The instant at which in-flight intervals are closed.
 */
now: string, 
/**
 * Only items of this flow item type, when set.
 */
flow_item_type: FlowItemType | null, 
/**
 * Length of the window in days (from the first event when `from` is not given).
 */
days: number, };

export type Distribution = { 
/**
 * How many values (items) the figures count.
 */
count: number, p50: number | null, p85: number | null, p95: number | null, mean: number | null, max: number | null, };

export type HistogramBin = { lower: number, upper: number | null, label: string, count: number, };

export type ItemCounts = { 
/**
 * Items the window's figures count (see [`WindowKind`]).
 */
in_scope: number, 
/**
 * Items completed in the window.
 */
completed: number, 
/**
 * Items canceled in the window (they have no flow time).
 */
canceled: number, 
/**
 * Items in progress at `now` (started, not completed or canceled).
 */
in_flight: number, 
/**
 * Items completed in the window that never passed a Waiting or Active state: they count
 * in velocity but have no flow time.
 */
completed_without_work_start: number, };

export type FlowEfficiency = { 
/**
 * Σ active ÷ Σ (active + waiting) over the items counted; `None` when there is no time.
 */
aggregate: number | null, 
/**
 * Per-item efficiencies.
 */
per_item: Distribution, histogram: Array<HistogramBin>, };

export type LoadPoint = { 
/**
 * The instant sampled (00:00 UTC of each day).
 */
at: string, load: number, };

export type FlowLoad = { 
/**
 * Items in progress at `now`.
 */
current: number, 
/**
 * Time-average over the window: Σ in-progress time ÷ window length.
 */
average: number, daily: Array<LoadPoint>, };

export type TypeCounts = { feature: number, defect: number, risk: number, debt: number, total: number, };

export type PeriodCount = { 
/**
 * First instant of the period (a Monday for weeks, the 1st for months and quarters).
 */
start: string, label: string, completed: TypeCounts, };

export type FlowVelocity = { weekly: Array<PeriodCount>, monthly: Array<PeriodCount>, quarterly: Array<PeriodCount>, };

export type TypeShares = { counts: TypeCounts, feature: number, defect: number, risk: number, debt: number, };

export type FlowDistribution = { 
/**
 * Among items completed in the window.
 */
completed: TypeShares, 
/**
 * Among items in progress at `now`.
 */
in_progress: TypeShares, };

export type AgingItem = { key: string, title: string, source: string, flow_item_type: FlowItemType, state: string, 
/**
 * Since it last entered the stage.
 */
age_in_stage_secs: number, 
/**
 * Since its work started.
 */
age_since_start_secs: number | null, };

export type FigureSource = "measured" | "estimate" | "none";

export type Figure = { value: number | null, source: FigureSource, };

export type StageMetrics = { id: NodeId, name: string, 
/**
 * Position in flow order (0 first).
 */
order: number, 
/**
 * Items in scope that entered the stage.
 */
entered: number, 
/**
 * Items in the stage at `now` (Waiting or Active there).
 */
inside_now: number, 
/**
 * The oldest of them (at most 25), oldest first.
 */
aging: Array<AgingItem>, 
/**
 * Time in stage per item (all entries summed), and its waiting and active parts.
 */
time: Distribution, waiting: Distribution, active: Distribution, histogram: Array<HistogramBin>, 
/**
 * Total waiting and active time in the window, all items.
 */
waiting_total_secs: number, active_total_secs: number, 
/**
 * Flow efficiency in the stage: Σ active ÷ Σ (active + waiting) of those totals, a ratio
 * of sums; `None` when the stage has no time.
 */
efficiency: number | null, 
/**
 * The stage's waiting share: Σ waiting ÷ Σ (active + waiting) of those totals (the
 * complement of `efficiency`); `None` when the stage has no time.
 */
waiting_share: number | null, 
/**
 * Items that left the stage forward in the window, and per week.
 */
throughput: number, throughput_per_week: number, 
/**
 * Share of the items that entered more than once (rework).
 */
reentry_rate: number | null, 
/**
 * Share of the items that left it which left forward and never came back.
 */
complete_accurate: number | null, 
/**
 * Share of all waiting time in the window (0–1).
 */
bottleneck_score: number, 
/**
 * Rank by bottleneck score, 1 = the bottleneck.
 */
bottleneck_rank: number, 
/**
 * Items in the stage at `now`, on average over the window, and at 00:00 UTC of each day.
 */
load_current: number, load_average: number, load_daily: Array<LoadPoint>, 
/**
 * The items with the most time in the stage (at most 10), slowest first.
 */
slowest: Array<SlowItem>, 
/**
 * Time in stage of the items that last left the stage in each of the window's final 12
 * weeks, oldest week first.
 */
trend: Array<TrendPoint>, 
/**
 * Mean active time per item (measured), or the workshop estimate.
 */
process_time: Figure, 
/**
 * Mean time in stage per item (measured), or the workshop estimate.
 */
lead_time: Figure, 
/**
 * %C&A measured, or the workshop estimate.
 */
complete_accurate_figure: Figure, };

export type LadderRung = { stage: NodeId, name: string, 
/**
 * Where the rung's times come from: `measured` (items were in the stage in this window),
 * `estimate` (none were: the workshop estimate), `none` (neither).
 */
source: FigureSource, 
/**
 * Items whose time in the stage the rung measures.
 */
items: number, 
/**
 * Moves through the handoff into this rung from the previous one (an item handed over twice
 * counts twice); `None` on the first rung.
 */
moves_in: number | null, 
/**
 * p50 of the active time per item in the stage, or the estimate.
 */
process_time: Figure, 
/**
 * p50 of the time in stage per item, or the estimate.
 */
lead_time: Figure, 
/**
 * Lead minus process time: the wait on this rung.
 */
waiting_secs: number | null, complete_accurate: Figure, 
/**
 * Workshop estimates beside the measured values.
 */
estimate_process_secs: number | null, estimate_lead_secs: number | null, 
/**
 * Why a figure of the rung is 0 or missing ("no items in this window", "no %C&A data: no
 * item left the stage in this window", …), several joined by "; "; `None` when none is.
 */
reason: string | null, };

export type LadderTotals = { total_process_secs: number, total_lead_secs: number, 
/**
 * Σ process time ÷ Σ lead time.
 */
activity_ratio: number | null, 
/**
 * Product of the %C&A of the rungs that have one.
 */
rolled_complete_accurate: number | null, };

export type Ladder = { 
/**
 * "p50": the rungs' times are per-stage medians over the items that were in each stage,
 * the statistic the stage panel shows.
 */
basis: string, 
/**
 * How the path was chosen: "items" (the chain of forward handoffs with the most item moves)
 * or "lead_time" (no item moved along a handoff: the chain with the greatest lead time,
 * measured or estimated).
 */
path_basis: string, rungs: Array<LadderRung>, 
/**
 * Σ over the measured rungs only.
 */
total_process_secs: number, total_lead_secs: number, 
/**
 * Σ process time ÷ Σ lead time, measured rungs only.
 */
activity_ratio: number | null, 
/**
 * Rungs whose times are measured.
 */
measured_rungs: number, 
/**
 * Product of the measured %C&A of the rungs that have one (estimates left out).
 */
rolled_complete_accurate: number | null, 
/**
 * How many rungs that product multiplies.
 */
rolled_complete_accurate_rungs: number, 
/**
 * Rungs without a measured %C&A (left out of the product).
 */
rungs_without_complete_accurate: number, 
/**
 * The totals with workshop estimates filling the rungs that have no measurement; `None`
 * when no rung uses an estimate.
 */
with_estimates: LadderTotals | null, };

export type LittlesLaw = { average_load: number, 
/**
 * Completed items per day.
 */
throughput_per_day: number, average_flow_time_days: number | null, 
/**
 * λ × W.
 */
predicted_load: number | null, 
/**
 * L ÷ (λ × W): near 1 when the window is stable and the data consistent.
 */
ratio: number | null, };

export type UnmappedState = { source: string, state: string, category: StateCategory, items: number, time_secs: number, };

export type SlowItem = { key: string, title: string, source: string, flow_item_type: FlowItemType, 
/**
 * Its time in the stage (every entry summed).
 */
time_secs: number, };

export type TrendPoint = { 
/**
 * The week's first instant (weeks end at the window's end).
 */
start: string, time: Distribution, };

export type HandoffWait = { from: NodeId, to: NodeId, 
/**
 * Whether the items went back against the flow order (rework).
 */
rework: boolean, 
/**
 * Over the handoffs made (an item handed over twice counts twice).
 */
wait: Distribution, };

export type CfdPoint = { 
/**
 * 00:00 UTC of a day; the last sample is at the window's end (the "as of" instant).
 */
at: string, 
/**
 * Per stage in flow order: items that had arrived in it by then — entered it or a later
 * stage, or completed (Vacanti's cumulative arrivals; never more than the stage before).
 */
arrived: Array<number>, 
/**
 * Items completed by then.
 */
done: number, };

export type FlowTimePoint = { key: string, flow_item_type: FlowItemType, completed_at: string, flow_time_secs: number, };

export type FlowPeriod = { 
/**
 * The week's first instant.
 */
start: string, 
/**
 * Items completed in the week, by flow item type (velocity and distribution).
 */
completed: TypeCounts, 
/**
 * Flow time of those items.
 */
flow_time: Distribution, 
/**
 * Σ active ÷ Σ (active + waiting) over those items, their time as the window counts it.
 */
efficiency: number | null, 
/**
 * Mean of the daily flow load samples (00:00 UTC) in the week; `None` without a sample.
 */
load_average: number | null, };

export type Metrics = { window: WindowInfo, items: ItemCounts, 
/**
 * Completed minus work start, per item completed in the window.
 */
flow_time: Distribution, flow_time_histogram: Array<HistogramBin>, flow_efficiency: FlowEfficiency, flow_load: FlowLoad, flow_velocity: FlowVelocity, flow_distribution: FlowDistribution, 
/**
 * Stages in flow order.
 */
stages: Array<StageMetrics>, 
/**
 * Stage ids from the biggest share of waiting time down.
 */
bottlenecks: Array<NodeId>, 
/**
 * Waiting time in states that belong to no stage, as a share of all waiting time.
 */
unmapped_waiting_share: number, ladder: Ladder, littles_law: LittlesLaw, unmapped_states: Array<UnmappedState>, 
/**
 * Waits after handoffs between stages, in flow order of their ends.
 */
handoffs: Array<HandoffWait>, 
/**
 * The cumulative flow diagram: one point per day of the window, and one at its end.
 */
cfd: Array<CfdPoint>, 
/**
 * Every item completed in the window with its flow time; empty unless asked for.
 */
flow_time_points: Array<FlowTimePoint>, 
/**
 * The five flow metrics for each of the window's last 12 weeks, oldest first.
 */
flow_trend: Array<FlowPeriod>, };

export type StateTotals = { source: string, state: string, 
/**
 * Items that entered the state.
 */
items: number, 
/**
 * Time spent in the state by all items, open intervals closed at `now`.
 */
time_secs: number, };

export type MetricsRequest = { 
/**
 * The instant at which in-flight intervals are closed; the current time when absent.
 */
now: string | null, from: string | null, to: string | null, 
/**
 * `completed` when absent.
 */
window: WindowKind | null, flow_item_type: FlowItemType | null, 
/**
 * Only items of these sources; empty: all.
 */
sources: Array<string>, 
/**
 * Only items that were in a stage this partner owns: the partner's id or name.
 */
partner: string | null, 
/**
 * Also list every completed item's flow time, for the scatterplot.
 */
include_points: boolean, };

export type MappingStatus = "mapped" | "no_stage_needed" | "unmapped" | "conflict" | "not_flow_items";

export type MappingRow = { source: string, state: string, category: StateCategory, 
/**
 * Whether the category (and stage) were set, or guessed from the state's name.
 */
explicit: boolean, status: MappingStatus, stage: string | null, stage_id: NodeId | null, conflict_stages: Array<string>, 
/**
 * Items that entered the state.
 */
items: number, 
/**
 * Time all items spent in the state.
 */
time_secs: number, };

export type StateRef = { source: string, state: string, };

export type StageChoice = { "kind": "stage", id: NodeId, } | { "kind": "by_state_lists" };

export type MappingTableRow = { source: string, state: string, 
/**
 * Items that entered the state.
 */
items: number, 
/**
 * Time all items spent in the state (up to now).
 */
time_secs: number, category: StateCategory, status: MappingStatus, 
/**
 * The stage the state is in (none when unmapped, in conflict or needing none).
 */
stage: string | null, stage_id: NodeId | null, 
/**
 * Whether the row names its stage itself (otherwise the stages' state lists decide).
 */
stage_set: boolean, 
/**
 * The stages that claim the state, when two or more do.
 */
conflict_stages: Array<string>, 
/**
 * Whether the category is a guess no one has confirmed yet.
 */
guess: boolean, 
/**
 * Why the category is what it is, e.g. "‘Wait’ in the name → Waiting".
 */
reason: string, };

export type MappingFlag = { states: number, time_secs: number, };

export type StageOption = { id: NodeId, name: string, };

export type MappingTable = { rows: Array<MappingTableRow>, 
/**
 * The working map's stages, in flow order.
 */
stages: Array<StageOption>, 
/**
 * Waiting or Active states that no stage claims: their time is on no stage.
 */
unmapped: MappingFlag, 
/**
 * States that two or more stages claim.
 */
conflicts: MappingFlag, 
/**
 * Rows whose category is a guess.
 */
guesses: number, };

export type SourceSummary = { name: string, kind: SourceKind, 
/**
 * The name of the map's tool the source belongs to.
 */
tool: string | null, tool_id: NodeId | null, url: string | null, query: string | null, 
/**
 * Where the next incremental sync starts (an instant, or a build number for Jenkins);
 * `None` before the first sync.
 */
cursor: string | null, items: number, 
/**
 * The environment variable a sync reads the token from (the keychain is asked otherwise).
 */
token_env_var: string | null, };

export type AddSource = { 
/**
 * The source's name, unique in the map; the kind when not given.
 */
name?: string, kind: SourceKind, 
/**
 * The tool's URL (GitHub and GitLab default to github.com and gitlab.com).
 */
url?: string, 
/**
 * JQL, `owner/repo`, a GitLab project, a WIQL condition…
 */
query?: string, 
/**
 * The name (or id) of the map's tool; a tool of that name is added when the map has none.
 */
tool: string, };

export type SourceAdded = { source: SourceSummary, 
/**
 * Whether a tool node had to be added to the map for it.
 */
tool_added: boolean, };

export type SyncProgress = { source: string, 
/**
 * What is being fetched: "issues", "changelogs", "rows", "writing"…
 */
phase: string, fetched: number, 
/**
 * The total, when the source tells it.
 */
total: number | null, };

export type StateSeen = { state: string, 
/**
 * Items that entered the state at least once.
 */
items: number, 
/**
 * The stored mapping's category.
 */
category: StateCategory | null, 
/**
 * Whether this sync or import proposed the mapping row (it had none).
 */
proposed: boolean, };

export type TypeSeen = { name: string, flow_item_type: FlowItemType, items: number, };

export type ReadCounts = { 
/**
 * Rows that repeated the item's previous change exactly (instant, from- and to-state):
 * dropped.
 */
duplicate_rows: number, 
/**
 * Times read without a zone.
 */
zoneless_times: number, 
/**
 * Items whose first change enters a Done state: no work start, so no flow time.
 */
started_done: number, 
/**
 * Changes later than the import's clock: stored, but the metrics leave out every change
 * after their `now`.
 */
after_now: number, 
/**
 * Groups of an item's changes at one instant kept in the source's order.
 */
ties_in_source_order: number, 
/**
 * Groups of an item's changes at one instant ordered by the from-state chain.
 */
ties_by_chain: number, };

export type SourceSyncReport = { source: string, kind: SourceKind, 
/**
 * Items fetched or read (an item read in parts counts once per part for logs).
 */
items_fetched: number, 
/**
 * Rows or events read from a log, or items fetched.
 */
records: number, 
/**
 * Items that were new to the file (the others fetched were already there and changed).
 */
items_new: number, 
/**
 * Transitions that were new to the file.
 */
transitions_added: number, cursor: string | null, 
/**
 * The source's states with their item counts and categories.
 */
states: Array<StateSeen>, types: Array<TypeSeen>, 
/**
 * Mapping rows proposed now, for states that had none.
 */
proposed_mappings: number, 
/**
 * What reading did to the rows (see docs/metrics.md, "Reading a history").
 */
read: ReadCounts, notices: Array<string>, millis: number, };

export type SyncReport = { sources: Array<SourceSyncReport>, };

export type LogColumns = { item?: string, state?: string, at?: string, from?: string, item_type?: string, title?: string, link?: string, 
/**
 * The item's parent (another item's key).
 */
parent?: string, 
/**
 * Other items it is linked to: keys, each optionally `KIND:KEY`.
 */
links?: string, };

export type ImportLogOptions = { 
/**
 * `csv`, `actionable-agile` or `xes`; guessed from the file when not given.
 */
format?: SourceKind, 
/**
 * The source's name (the log's file name without extension when not given).
 */
source?: string, 
/**
 * The map's tool the items belong to (added when missing).
 */
tool?: string, columns: LogColumns, 
/**
 * A CSV with one row per item (creation time, first state, type, title).
 */
items_file?: string, created_column?: string, initial_state_column?: string, 
/**
 * ActionableAgile: the stage columns, in order.
 */
stages?: Array<string>, 
/**
 * One character; guessed from the header when not given.
 */
delimiter?: string, 
/**
 * The zone of times without one: UTC, +02:00, Europe/Berlin…
 */
tz?: string, 
/**
 * A chrono format for timestamps, e.g. `%d.%m.%Y %H:%M`.
 */
time_format?: string, 
/**
 * The artifact type of items whose log gives none ("Item" when not given).
 */
default_type?: string, skip_bad_rows: boolean, };

export type DryRunState = { state: string, changes: number, new_changes: number, };

export type DryRunLabel = { label: string, count: number, };

export type DryRunSkip = { kind: string, reason: string, count: number, };

export type SourceDryRun = { source: string, kind: SourceKind, 
/**
 * Items fetched (since the source's cursor, as a sync would).
 */
items_fetched: number, 
/**
 * Items the file does not hold.
 */
items_new: number, 
/**
 * Items the file holds, with state changes it does not.
 */
items_changed: number, 
/**
 * Items the file holds with every change fetched.
 */
items_unchanged: number, 
/**
 * State changes fetched, and those the file does not hold.
 */
changes: number, new_changes: number, 
/**
 * By state, most changes first.
 */
states: Array<DryRunState>, 
/**
 * Every label seen (sources with labels), by name.
 */
labels: Array<DryRunLabel>, 
/**
 * Every event kind read and not stored, with why, by kind.
 */
skipped: Array<DryRunSkip>, notices: Array<string>, millis: number, };

export type DryRunReport = { sources: Array<SourceDryRun>, };

export type SyncState = "never" | "synced" | "failed" | "demo";

export type TokenPlace = "session" | "environment" | "keychain" | "none";

export type SourceRow = { source: SourceSummary, state: SyncState, 
/**
 * When a sync last wrote it (RFC 3339, UTC).
 */
synced_at: string | null, 
/**
 * Why the last sync in this session failed.
 */
failure: ApiError | null, token: TokenPlace, };

export type KeychainStatus = { available: boolean, 
/**
 * Why not, in one sentence.
 */
reason: string | null, };

export type SourcesView = { sources: Array<SourceRow>, keychain: KeychainStatus, 
/**
 * The map has a file (sources live in it: a new map must be saved first).
 */
has_file: boolean, };

export type Credentials = { user?: string, token: string, };

export type UpdateSource = { url?: string, 
/**
 * An empty query clears it.
 */
query?: string, 
/**
 * The name or id of the map's tool (added when there is none of that name).
 */
tool?: string, };

export type SourceSaved = { source: SourceSummary, tool_added: boolean, 
/**
 * Where the token given went (`None` when none was given).
 */
token: TokenPlace | null, 
/**
 * Why the keychain could not take it, when it went to the session instead.
 */
keychain_reason: string | null, };

export type SourceDropped = { source: string, items: number, transitions: number, mappings: number, };

export type TestConnection = { kind: SourceKind, url?: string, query?: string, credentials?: Credentials, source?: string, };

export type ConnectionAccepted = { message: string, 
/**
 * What was counted ("issues", "items"…), how many so far and the total when told.
 */
phase: string, fetched: number, total: number | null, };

export type ProposedStage = { name: string, states: Array<string>, category: StateCategory, 
/**
 * Items that entered it.
 */
items: number, 
/**
 * The map's stage that already claims these states (or is named like one), if any.
 */
existing: NodeId | null, 
/**
 * How it matches the map: a new stage, a stage of the map by the states it holds, or a
 * stage of the map by its name (then `new_states` are added to that stage's list).
 */
matched: StageMatch, 
/**
 * States matched to the existing stage by its name alone: applying adds them to its list.
 */
new_states: Array<string>, };

export type StageMatch = "new" | "states" | "name";

export type ProposedHandoff = { from: string, to: string, 
/**
 * How often an item went directly from one to the other.
 */
count: number, 
/**
 * `count` as a share of every move out of `from` (rare ones included).
 */
share: number, 
/**
 * The map already has this handoff.
 */
existing: boolean, 
/**
 * It goes back against the proposed order: a rework loop.
 */
rework: boolean, };

export type DiscoveryProposal = { sources: Array<string>, items: number, 
/**
 * The tool new stages go in: the source's tool (the one source's, when not chosen).
 */
tool: NodeId | null, 
/**
 * Stages in the proposed flow order.
 */
stages: Array<ProposedStage>, handoffs: Array<ProposedHandoff>, 
/**
 * Handoffs left out as rare (fewer than `min_count` moves).
 */
rare_handoffs: number, min_count: number, 
/**
 * States left out of the flow (New, Done, Canceled and Ignore states).
 */
left_out: Array<string>, 
/**
 * Whether the proposal was written into the map.
 */
applied: boolean, stages_added: number, handoffs_added: number, 
/**
 * How the order was found: "exact" (the fewest backward moves of every order, up to 22
 * stages) or "greedy_local_search" (above: the greedy order improved by local search).
 */
order_method: string, 
/**
 * Item moves between two different proposed stages (the directly-follows counts).
 */
moves_between: number, 
/**
 * Of those, the moves that go backward against the proposed flow order (every move, the
 * rare ones too), and their share of `moves_between`.
 */
moves_backward: number, backward_share: number | null, 
/**
 * The moves the greedy order (Eades, Lin and Smyth) would have left backward, to compare.
 */
greedy_moves_backward: number, };

export type GhostPlace = { x: number, y: number, width: number, height: number, };

export type DiscoveryPreview = { proposal: DiscoveryProposal, 
/**
 * One per proposed stage, in the same order; `None` for a stage already on the map.
 */
places: Array<GhostPlace | null>, };

export type StageAction = { "kind": "keep" } | { "kind": "rename", to: string, } | { "kind": "merge_into_proposed", name: string, } | { "kind": "merge_into_stage", id: NodeId, } | { "kind": "drop" };

export type StageDecision = { name: string, action: StageAction, };

export type HandoffDecision = { from: string, to: string, keep: boolean, };

export type DiscoveryChoices = { source: string | null, min_count: number | null, stages: Array<StageDecision>, handoffs: Array<HandoffDecision>, };

export type LogCounts = { rows: number, items: number, transitions: number, };

export type ImportSummary = { counts: LogCounts, states: Array<string>, span: [string, string] | null, zoneless: number, notices: Array<string>, };

export type LogPreview = { 
/**
 * The log's path.
 */
log: string, format: SourceKind, 
/**
 * The columns of the rows shown: the file's header (CSV), or the importer's reading of
 * the first events (XES, ActionableAgile).
 */
header: Array<string>, 
/**
 * The first rows, as written.
 */
rows: Array<Array<string>>, 
/**
 * The column chosen for each role (CSV): as given, else guessed from common names.
 */
columns: LogColumns, 
/**
 * The delimiter (CSV), as found or given.
 */
delimiter: string | null, 
/**
 * The zone times without one are read in.
 */
tz: string, time_format: string | null, 
/**
 * What the import will do; `None` when the log cannot be read as it stands (see `error`),
 * or while `summary_job` counts it.
 */
summary: ImportSummary | null, 
/**
 * A log too large to count at once is counted by this job (poll `job_status`: its
 * `summary` when it has finished, its `error` when the log cannot be read as it stands).
 */
summary_job: number | null, 
/**
 * Why the log cannot be imported as it stands (a missing column, a bad row with its line).
 */
error: ApiError | null, };

export type JobState = "running" | "finished" | "failed" | "cancelled";

export type JobStatus = { id: number, what: string, state: JobState, phase: string, done: number, total: number | null, report: SourceSyncReport | null, 
/**
 * A sync's progress, one entry per source, in the order they are fetched.
 */
sources: Array<SyncProgress>, sync: SyncReport | null, summary: ImportSummary | null, 
/**
 * A sync's dry run: what it would store, nothing written.
 */
dry_run: DryRunReport | null, error: ApiError | null, };

export type NodePosition = { node: NodeId, x: number, y: number, };

export type PlacedNode = { node: Node, x: number, y: number, };

export type Edit = { "kind": "add_node", node: Node, x: number, y: number, } | { "kind": "update_node", node: Node, } | { "kind": "remove", nodes: Array<NodeId>, edges: Array<EdgeId>, } | { "kind": "move_nodes", moves: Array<NodePosition>, } | { "kind": "add_edge", edge: Edge, } | { "kind": "update_edge", edge: Edge, } | { "kind": "paste", nodes: Array<PlacedNode>, edges: Array<Edge>, } | { "kind": "rename_map", name: string, } | { "kind": "apply_layout", positions: Array<NodePosition>, } | { "kind": "batch", edits: Array<Edit>, };

export type StateView = { 
/**
 * `null` for the current state.
 */
id: StateId | null, name: string, };

export type StatesView = { 
/**
 * The state shown; `null` for the current state.
 */
shown: StateId | null, states: Array<StateView>, };

export type EditorState = { view: MapView, 
/**
 * The `.flowmap` file the map is saved to; absent for a new map not saved yet.
 */
file?: string, 
/**
 * The map has changes that are not saved.
 */
dirty: boolean, can_undo: boolean, can_redo: boolean, 
/**
 * "Flowmap — <map name>", with " •" when there are unsaved changes.
 */
title: string, 
/**
 * The states of the stream and which one is shown (the map above is the shown one's).
 */
states: StatesView, };

export type EditOutcome = { state: EditorState, created_nodes: Array<NodeId>, created_edges: Array<EdgeId>, };

export type RecoveryInfo = { map_name: string, 
/**
 * The file the work belonged to, if it had been saved before.
 */
file?: string, 
/**
 * When the copy was written (RFC 3339).
 */
saved_at: string, };

export type FileChanges = { 
/**
 * Moves whenever another writer commits to the file; the window reloads the editor state
 * and the figures when it moves. 0 for a map without a file.
 */
data_version: number, 
/**
 * The stored map's version (`meta.map_version`); 0 for a map without a file.
 */
map_version: number, 
/**
 * Another writer changed the map itself while this session holds unsaved edits: Save will
 * be refused (`map_changed`); Save As keeps this version.
 */
map_changed: boolean, };

export type FlowView = { 
/**
 * Every figure (`docs/metrics.md`), computed against the map being edited (unsaved stages
 * included) and the file's items. A map without a file has no items: empty figures.
 */
metrics: Metrics, 
/**
 * The filters the figures were computed with (`now`: the "as of" instant, absent: the
 * current time, which `metrics.window.now` gives).
 */
filters: MetricsRequest, 
/**
 * Items completed in the window with a flow time. `metrics.flow_time_points` holds at most
 * [`MAX_FLOW_TIME_POINTS`] of them (evenly by completion, the slowest always kept) when the
 * points were asked for; the percentile lines come from all of them (`metrics.flow_time`).
 */
points_total: number, 
/**
 * The sources of the file's items, for the source filter.
 */
sources: Array<string>, 
/**
 * Where the items listed (aging, slowest) can be opened in their source tool.
 */
links: Array<ItemLink>, 
/**
 * Milliseconds spent loading the file's items (0 when they were already loaded) and
 * computing the figures.
 */
load_ms: number, compute_ms: number, 
/**
 * The heat overlay of every mode but [`OverlayMode::None`], in [`OverlayMode::ALL`] order,
 * once per [`Percentile`] for the modes that read one (`docs/metrics.md`, "Heat overlay").
 */
overlays: Array<Overlay>, 
/**
 * The stage the overlay marks as the bottleneck: ranked first by bottleneck score, when
 * any waiting time was measured.
 */
bottleneck: NodeId | null, };

export type ExportRequest = { filters: MetricsRequest, overlay: OverlayMode, percentile: Percentile, };

export type ItemLink = { source: string, key: string, url: string, };

export type OverlayMode = "none" | "waiting" | "time" | "efficiency" | "load" | "bottleneck" | "rework";

export type Percentile = "p50" | "p85";

export type OverlayChoice = { mode: OverlayMode, percentile: Percentile, };

export type ScaleKind = "log" | "linear";

export type OverlayScale = { kind: ScaleKind, min: number, max: number, 
/**
 * Whether more of the figure is better (efficiency): the heat then runs the other way.
 */
higher_is_better: boolean, };

export type OverlayFigure = { stage: NodeId, 
/**
 * The figure (seconds for durations, a share in [0, 1], or a count); `None` when it counts
 * no items.
 */
value: number | null, 
/**
 * How many items the figure counts.
 */
items: number, 
/**
 * Where the value sits on the scale: 0 the least heat, 1 the most; `None` without a value.
 */
heat: number | null, };

export type Overlay = { mode: OverlayMode, 
/**
 * The percentile read, for the modes that have one.
 */
percentile: Percentile | null, scale: OverlayScale, stages: Array<OverlayFigure>, };

export type ItemStatus = "not_started" | "in_flight" | "done" | "canceled";

export type ItemSortColumn = "key" | "title" | "type" | "source" | "state" | "stage" | "time" | "started" | "finished";

export type ItemsQuery = { search: string, flow_item_type?: FlowItemType, source?: string, state?: string, stage?: string, status?: ItemStatus, sort: ItemSortColumn, descending: boolean, offset: number, 
/**
 * At most 1,000.
 */
limit: number, now?: string, };

export type ItemRow = { key: string, title: string, source: string, 
/**
 * The source's type of the item ("Story", "Pull Request"…).
 */
artifact_type: string, flow_item_type: FlowItemType, 
/**
 * False when the map's tools mark its artifact type as not a flow item: no flow figure
 * counts it (`docs/metrics.md`, "Flow items").
 */
flow_item: boolean, state: string, category: StateCategory, stage: string | null, stage_id: string | null, status: ItemStatus, started: string | null, finished: string | null, time_secs: number | null, 
/**
 * Its page in its source tool, when Flowmap knows the source's item pages.
 */
link: string | null, };

export type ItemsPage = { rows: Array<ItemRow>, total: number, all: number, offset: number, sources: Array<string>, states: Array<string>, stages: Array<[string, string]>, 
/**
 * The instant measured (RFC 3339, UTC).
 */
now: string, };

export type TimelineStep = { state: string, at: string, at_ms: number, duration_secs: number, current: boolean, stage: string | null, category: StateCategory, };

export type ItemTimeline = { item: ItemRow, steps: Array<TimelineStep>, now: string, };

export type LinkKind = "parent" | "child" | "relates" | "blocks" | "fixes" | "mentions" | "built-by" | "object";

export type RootStatusView = "not_started" | "in_progress" | "finished" | "canceled";

export type ToolTimeRow = { tool_id: string | null, tool: string | null, secs: number, };

export type LineageRoot = { source: string, key: string, title: string, artifact_type: string, flow_item_type: FlowItemType, tool: string | null, status: RootStatusView, start: string | null, end: string | null, end_to_end_secs: number | null, in_tools: Array<ToolTimeRow>, between_tools_secs: number, 
/**
 * Items in its tree, itself included.
 */
items: number, };

export type SlowCrossing = { from_source: string, from_key: string, to_source: string, to_key: string, secs: number, };

export type CrossingRow = { flow: string, from_tool: string, to_tool: string, 
/**
 * The flow's label, e.g. "Feature Request → Feature".
 */
label: string, count: number, p50_secs: number | null, p85_secs: number | null, 
/**
 * Its slowest crossings (at most 5), slowest first.
 */
slowest: Array<SlowCrossing>, };

export type EndToEndRow = { flow_item_type: FlowItemType, finished: number, in_progress: number, p50_secs: number | null, p85_secs: number | null, };

export type LineageSummaryView = { roots: Array<LineageRoot>, crossings: Array<CrossingRow>, by_type: Array<EndToEndRow>, 
/**
 * Links in the file, and those whose target is in no source of the file yet.
 */
links: number, unresolved: number, now: string, };

export type LineageNode = { source: string, key: string, title: string, artifact_type: string, tool: string | null, 
/**
 * The key of the item it came from (absent for the root).
 */
parent: string | null, depth: number, 
/**
 * From its parent's completion to its start, when it crossed an artifact flow.
 */
crossing_secs: number | null, started: string | null, ended: string | null, steps: Array<TimelineStep>, };

export type ItemLineage = { root: LineageRoot, items: Array<LineageNode>, };

export type LinkRequest = { source: string, key: string, target_source?: string, target_key: string, kind: LinkKind, };

export type LinkOutcome = { changed: boolean, };

export type ComparisonRow = { 
/**
 * "Lead time", "Process time", "Activity ratio", "Rolled %C&A".
 */
figure: string, 
/**
 * `secs` for durations, `share` for a fraction in [0, 1].
 */
unit: string, before: number | null, after: number | null, 
/**
 * After − before; `None` when either is missing.
 */
difference: number | null, 
/**
 * How the total is computed from the ladder's rungs.
 */
formula: string, };

export type StateComparison = { future: StateId, future_name: string, 
/**
 * The current state's totals: measured rungs, workshop estimates filling the rest.
 */
before: LadderTotals, 
/**
 * The future state's totals: its workshop estimates (a future state has no data).
 */
after: LadderTotals, 
/**
 * The stages of each ladder, first to last.
 */
before_stages: Array<string>, after_stages: Array<string>, 
/**
 * How many of the current ladder's rungs are measured (the rest are estimates).
 */
before_measured_rungs: number, 
/**
 * Lead time, process time, activity ratio and rolled %C&A: before → after.
 */
rows: Array<ComparisonRow>, };

export type Question = { "kind": "how_many", days: number, } | { "kind": "when", items: number, };

export type Sampling = { 
/**
 * Days of history drawn from, ending at `now`.
 */
window_days: number, trials: number, seed: number, };

export type Likelihood = { confidence: number, value: number, };

export type Outcome = { value: number, trials: number, };

export type Forecast = { question: Question, sampling: Sampling, 
/**
 * Completions in the sampling window, and on how many of its days any item was completed.
 */
window_completions: number, days_with_completions: number, 
/**
 * Mean completions per day in the window.
 */
daily_mean: number, 
/**
 * At 50, 85 and 95 % confidence.
 */
likelihoods: Array<Likelihood>, 
/**
 * Every outcome with its number of trials, in order of value.
 */
outcomes: Array<Outcome>, 
/**
 * "When" trials that had not finished after [`MAX_DAYS`] days.
 */
unfinished_trials: number, };

export type BacktestPoint = { 
/**
 * The instant the forecast was made at (milliseconds since the epoch).
 */
at_ms: number, 
/**
 * Items forecast at 50, 85 and 95 %.
 */
forecast: Array<number>, 
/**
 * Items completed in the horizon after `at`.
 */
actual: number, };

export type Backtest = { horizon_days: number, sampling: Sampling, points: Array<BacktestPoint>, 
/**
 * Per confidence (50, 85, 95): the share of points whose actual count was at least the
 * forecast.
 */
hit_rates: Array<number>, };

export type SetRoot = { key: string, source: string | null, };

export type ForecastSet = { source: string, key: string, title: string, 
/**
 * Items under it, and how many are done, canceled and still open.
 */
total: number, done: number, canceled: number, open: number, 
/**
 * The work left: open items with no open item under them (their parents are done when
 * they are). The forecast is "when will this many be done".
 */
work: number, 
/**
 * The sources whose throughput was sampled (those of the work left, unless the request
 * named sources).
 */
sampled_sources: Array<string>, };

export type ForecastRequest = { question: Question, 
/**
 * Only items of this flow item type (e.g. features), when set.
 */
flow_item_type: FlowItemType | null, 
/**
 * Only items of these sources; empty: all.
 */
sources: Array<string>, 
/**
 * The instant to forecast from (RFC 3339 or a date); the current time when not given.
 */
now: string | null, 
/**
 * Days of history to sample (default 90).
 */
window_days: number | null, 
/**
 * Trials (default 10,000, at most 1,000,000).
 */
trials: number | null, 
/**
 * Seed (default 1): the same seed gives the same forecast.
 */
seed: number | null, 
/**
 * Also forecast from past dates and compare with what happened.
 */
backtest: boolean, 
/**
 * Forecast when the items under this one (an epic's descendants, along the lineage) will
 * be done: the question becomes "when" for those still open.
 */
under: SetRoot | null, };

export type ForecastView = { forecast: Forecast, 
/**
 * The instant forecast from, and the sampling window's start (RFC 3339).
 */
now: string, window_from: string, 
/**
 * How many: the end of the horizon; when: the date at each confidence (50, 85, 95).
 */
dates: Array<string>, flow_item_type: FlowItemType | null, 
/**
 * How it was computed, in a sentence a user can check.
 */
method: string, backtest: Backtest | null, 
/**
 * The set forecast, when the request named one.
 */
set: ForecastSet | null, };

export type KeyResultId = string;

export type KrFigure = "flow_time_p50" | "flow_time_p85" | "flow_efficiency" | "flow_load" | "flow_velocity" | "distribution_share" | "stage_waiting_p50" | "stage_waiting_p85" | "end_to_end_p50" | "end_to_end_p85";

export type KrUnit = "seconds" | "share" | "items" | "per_week";

export type KeyResult = { id: KeyResultId, 
/**
 * The objective it serves, e.g. "Deliver features predictably".
 */
objective: string, 
/**
 * The key result in words, e.g. "Feature flow time under 10 days".
 */
name: string, figure: KrFigure, 
/**
 * Only items of this type (for a share: the type whose share is measured).
 */
flow_item_type: FlowItemType | null, 
/**
 * The stage, for a stage's figure.
 */
stage: NodeId | null, 
/**
 * The value at the start and the value to reach, in the figure's unit.
 */
baseline: number, target: number, start: string, due: string, owner: string, };

export type KrStatus = "on_track" | "at_risk" | "off_track" | "achieved" | "missed" | "not_started" | "no_data" | "stage_missing";

export type KrPoint = { at: string, value: number | null, path: number, };

export type KrProgress = { points: Array<KrPoint>, 
/**
 * The latest point's value.
 */
current: number | null, 
/**
 * (current − baseline) ÷ (target − baseline).
 */
progress: number | null, 
/**
 * The share of start → due that has passed (0–1).
 */
expected: number, status: KrStatus, 
/**
 * The status in words, with the numbers that decided it.
 */
reason: string, };

export type KeyResultView = { key_result: KeyResult, version: number, unit: KrUnit, 
/**
 * The figure in words, e.g. "flow time p85", "waiting time p85 in Testing".
 */
figure_label: string, 
/**
 * The stage's name, when the key result is on a stage that is on the map.
 */
stage_name: string | null, progress: KrProgress, };

export type KeyResultDraft = { id: KeyResultId | null, version: number | null, objective: string, name: string, figure: KrFigure, flow_item_type: FlowItemType | null, stage: NodeId | null, baseline: string, target: string, start: string, due: string, owner: string, };

export type TypeLoads = { feature: number, defect: number, risk: number, debt: number, total: number, };

export type StageCapacity = { id: NodeId, name: string, team: string | null, load: TypeLoads, 
/**
 * Items that entered the stage, and how many of them entered more than once.
 */
entered: number, reentered: number, };

export type TeamCapacity = { team: string, stages: Array<string>, load: TypeLoads, rework_rate: number | null, };

export type Arrivals = { counts: TypeCounts, 
/**
 * Defects ÷ all arrivals; `None` when nothing arrived.
 */
unplanned_share: number | null, };

export type Capacity = { window: WindowInfo, stages: Array<StageCapacity>, teams: Array<TeamCapacity>, arrivals: Arrivals, };

export type DeployOutcome = "succeeded" | "failed";

export type ChangeCounts = { 
/**
 * Shipped by the deployment their lineage links them to.
 */
linked: number, 
/**
 * Not linked: shipped by the first successful deployment after their merge.
 */
next_deploy: number, 
/**
 * Merged, but no successful deployment after it yet (not counted in lead time).
 */
waiting: number, };

export type Dora = { 
/**
 * Days in the window.
 */
days: number, 
/**
 * Successful and failed deployments that finished in the window.
 */
succeeded: number, failed: number, 
/**
 * Successful deployments per week: succeeded ÷ (days ÷ 7).
 */
per_week: number, 
/**
 * Work start → the deployment that shipped it, of the changes shipped in the window
 * (seconds).
 */
lead_time: Distribution, changes: ChangeCounts, 
/**
 * failed ÷ (succeeded + failed); `None` without deployments.
 */
change_failure_rate: number | null, 
/**
 * A failed deployment → the next successful one to the same environment (seconds), of the
 * failures in the window.
 */
time_to_restore: Distribution, 
/**
 * Failures in the window with no successful deployment after them yet.
 */
unrestored: number, };

export type DoraRequest = { 
/**
 * The window (`from`, `to`, `now`; the rest is not used).
 */
window: MetricsRequest, 
/**
 * Artifact types that are deployments; empty: those named like deployments or releases,
 * else like builds or pipelines.
 */
deployment_types: Array<string>, 
/**
 * Artifact types that are changes; empty: pull and merge requests.
 */
change_types: Array<string>, };

export type DoraView = { dora: Dora, deployment_types: Array<string>, change_types: Array<string>, 
/**
 * The window (RFC 3339).
 */
from: string, to: string, };

export type Figures = { items: number, p50_secs: number, p85_secs: number, mean_secs: number, };

export type Compared = { measured: Figures | null, baseline: Figures | null, after: Figures | null, };

export type StageWhatIf = { stage: number, name: string, 
/**
 * Visits replayed (re-entries count).
 */
visits: number, 
/**
 * Effective people: the fewest servers whose queueing fits the measured waits.
 */
servers: number, servers_after: number, wip_limit: number | null, 
/**
 * Mean items leaving the stage at one instant, as measured.
 */
batch_measured: number, batch_after: number | null, merged_into_previous: boolean, 
/**
 * The share of the stage's measured waiting that queueing for its people explains.
 */
queueing_share: number, 
/**
 * Time in the stage per item (waiting + active, every visit).
 */
time: Compared, 
/**
 * Waiting in the stage per item.
 */
waiting: Compared, };

export type Reproduction = { max_difference: number, 
/**
 * The figure it was found on, e.g. "Testing time p85".
 */
worst_figure: string, tolerance: number, within: boolean, };

export type WhatIf = { window_from_ms: number, now_ms: number, 
/**
 * Items replayed, and those compared (completed in the window).
 */
items_simulated: number, items_compared: number, stages: Array<StageWhatIf>, flow_time: Compared, reproduction: Reproduction, 
/**
 * How it was computed, in sentences a user can check.
 */
assumptions: Array<string>, };

export type StageChangeRequest = { stage: string, 
/**
 * People after the change (the stage's people estimate, or its effective people
 * measured, before it).
 */
people: number | null, wip_limit: number | null, batch_size: number | null, 
/**
 * Remove the handoff into the stage: the stage before it goes on with its work.
 */
remove_handoff_into: boolean, };

export type WhatIfRequest = { 
/**
 * The future state whose changes to the current one are simulated.
 */
state: StateId | null, 
/**
 * More changes, applied after the future state's.
 */
changes: Array<StageChangeRequest>, flow_item_type: FlowItemType | null, 
/**
 * Only items of these sources; empty: all.
 */
sources: Array<string>, 
/**
 * The instant simulated up to (RFC 3339 or a date); when not given, the last state
 * change in the data (or the current time, when that is earlier).
 */
now: string | null, 
/**
 * Days before `now` whose completed items are compared (default 90).
 */
window_days: number | null, };

export type WhatIfView = { what_if: WhatIf, 
/**
 * The future state simulated, when one was.
 */
state_name: string | null, 
/**
 * Each change simulated, in words ("Testing: 3 → 4 people").
 */
changes: Array<string>, now: string, window_from: string, };

export type ErrorCode = "not_found" | "not_a_flowmap_file" | "newer_version" | "corrupt" | "invalid_map" | "invalid_mapping" | "invalid_json" | "invalid_argument" | "io" | "internal" | "invalid_log" | "unauthorized" | "forbidden" | "missing_credential" | "unreachable" | "rate_limited" | "source_failed" | "cancelled" | "busy" | "map_changed" | "unsaved" | "record_changed";

export type ApiError = { code: ErrorCode, message: string, };

/** Every ToolKind, in the order Rust lists them. */
export const TOOL_KINDS: readonly ToolKind[] = ["jira", "github", "gitlab", "azure-devops", "jenkins", "salesforce", "servicenow", "targetprocess", "deskcom", "slack", "other"];

/** Every FlowItemType, in the order Rust lists them. */
export const FLOW_ITEM_TYPES: readonly FlowItemType[] = ["Feature", "Defect", "Risk", "Debt"];

/** Every StateCategory, in the order Rust lists them. */
export const STATE_CATEGORIES: readonly StateCategory[] = ["New", "Waiting", "Active", "Done", "Canceled", "Ignore"];

/** Every ErrorCode, in the order Rust lists them. */
export const ERROR_CODES: readonly ErrorCode[] = ["not_found", "not_a_flowmap_file", "newer_version", "corrupt", "invalid_map", "invalid_mapping", "invalid_json", "invalid_argument", "io", "internal", "invalid_log", "unauthorized", "forbidden", "missing_credential", "unreachable", "rate_limited", "source_failed", "cancelled", "busy", "map_changed", "unsaved", "record_changed"];

/** Every OverlayMode, in the order Rust lists them. */
export const OVERLAY_MODES: readonly OverlayMode[] = ["none", "waiting", "time", "efficiency", "load", "bottleneck", "rework"];

/** Every Percentile, in the order Rust lists them. */
export const PERCENTILES: readonly Percentile[] = ["p50", "p85"];

/** Every DurationUnit, in the order Rust lists them. */
export const DURATION_UNITS: readonly DurationUnit[] = ["minutes", "hours", "days", "weeks"];

/** Every SourceKind, in the order Rust lists them. */
export const SOURCE_KINDS: readonly SourceKind[] = ["csv", "actionable-agile", "xes", "ocel", "jira", "github", "gitlab", "azure-devops", "jenkins"];

/** Every BurstStatus, in the order Rust lists them. */
export const BURST_STATUSES: readonly BurstStatus[] = ["idea", "planned", "doing", "done", "dropped"];

/** The kinds of source a sync fetches over the network, in the order Rust lists them. */
export const NETWORK_SOURCE_KINDS: readonly SourceKind[] = ["jira", "github", "gitlab", "azure-devops", "jenkins"];
