//! The flow metrics engine: from work items and their state changes, what each stage of a value
//! stream map and the whole stream does. Definitions, formulas and sources are in
//! `docs/metrics.md`; this crate and that document are kept in step.
//!
//! - [`Dataset`] holds item histories as columns (interned states, integer milliseconds, each
//!   item's transitions contiguous and in time order), built with [`DatasetBuilder`].
//! - [`StageModel`] joins the map's stages, in flow order, with the state mapping: every state
//!   gets a stage (or none) and a category (New, Waiting, Active, Done, Canceled, Ignore).
//! - [`compute`] answers a [`Query`] (an instant `now`, a window, a flow item type) with
//!   [`Metrics`]: time in stage, flow time, efficiency, load, velocity, distribution, the
//!   bottleneck ranking, the timeline ladder and Little's law. One walk over the intervals
//!   feeds an accumulator per figure (`compute/`, a module per figure); percentiles by
//!   selection.
//! - [`Dataset::encode`] and [`Dataset::decode`] keep the columns as bytes (`snapshot.rs`), which
//!   the file stores beside the rows so a map opens without reading them one by one.
//! - [`forecast`] answers "how many by a date" and "when will N be done" by Monte Carlo from
//!   the map's own throughput history, seeded and reproducible, with exact distributions and
//!   back-tests beside it.
//! - [`okr`] measures flow key results week by week against the path from baseline to target;
//!   [`capacity`] the load by flow item type per stage and team, rework and unplanned work.
//! - [`dora`]: deployment frequency, lead time for changes, change failure rate and time to
//!   restore from deployments and changes.
//! - [`whatif`]: the measured items replayed through the stream as it is and as changed
//!   (people, WIP limits, batch sizes, handoffs removed) by a discrete-event simulation
//!   calibrated on each stage's measured arrivals and work.
//! - [`lineage`]: items linked across tools along the map's artifact flows, each root's tree
//!   and its end-to-end figures (end-to-end flow time, time in tool, crossing time).
//!
//! Pure functions: no IO, no clock; `now` is always an argument.

pub mod capacity;
mod compute;
mod dataset;
pub mod dora;
pub mod forecast;
pub mod lineage;
mod model;
pub mod okr;
pub mod report;
mod snapshot;
mod stats;
pub mod whatif;

pub use compute::{
    compute, item_facts, item_facts_of, item_timeline, state_totals, states_of_flow_items,
    ItemFacts, Query, QueryError, TimelineStep,
};
pub use dataset::{Dataset, DatasetBuilder, DatasetError, ItemIx, StateKey};
pub use model::{FlowItems, ModelError, ModelStage, StageModel};
pub use report::*;
pub use snapshot::{SnapshotError, SNAPSHOT_FORMAT};
