//! The domain core of Flowmap: a value stream map as a graph, and the work items that flow
//! through it with their state history.
//!
//! - [`map::ValueStreamMap`] is a `petgraph` [`StableDiGraph`](petgraph::stable_graph::StableDiGraph)
//!   of [`Node`]s (stages, tools, partners, customers) joined by [`Edge`]s (handoffs between
//!   stages, artifact flows between tools). Every mutation checks the map's invariants and fails
//!   with a typed [`MapError`]; petgraph indices never leave this crate — callers see stable
//!   [`NodeId`]s and [`EdgeId`]s.
//! - Queries on the flow: stages in flow order, rework loops, the critical path.
//! - [`artifacts`]: which tool an item belongs with, and whether it is a flow item.
//! - [`item`]: work items and their state transitions as they come from a source tool.
//! - [`link`]: links between items (parent, fixes, built-by…), kept by key until both ends are
//!   in the file.
//! - [`mapping`]: which stage and category each source state belongs to.
//! - [`source`]: the kinds of source items come from ([`SourceKind`]).
//! - [`words`]: estimates as people type them ("2d", "90 min", "85 %").
//! - [`annotation`]: sticky notes and kaizen bursts, drawn on the map but outside the flow.
//! - [`document`]: a map with its layout and its future states.
//! - [`okr`]: flow key results set on the map's figures.
//! - [`layout`]: a deterministic left-to-right layout for maps drawn without positions.
//!
//! This crate does no IO and never reads the clock: instants are always passed in.

pub mod annotation;
pub mod artifacts;
pub mod document;
pub mod error;
pub mod guess;
pub mod id;
pub mod item;
pub mod layout;
pub mod link;
pub mod map;
pub mod mapping;
pub mod node;
pub mod okr;
pub mod source;
pub mod ties;
pub mod words;

pub use document::{FutureState, MapDocument};
pub use error::MapError;
pub use guess::{guess_category, Guess};
pub use id::{EdgeId, ItemId, KeyResultId, NodeId, StateId};
pub use item::{FlowItemType, Item, Transition};
pub use layout::{Position, Size};
pub use link::{Link, LinkKind, LinkOrigin, LinkTarget, UnknownLinkKind};
pub use map::{FlowOrder, ValueStreamMap};
pub use mapping::{Resolution, StateCategory, StateMapping};
pub use node::{
    ArtifactFlow, ArtifactLink, ArtifactType, Burst, BurstStatus, BurstTarget, Customer, Edge,
    Estimates, Handoff, Node, Note, Partner, Stage, Tool, ToolKind,
};
pub use okr::{KeyResult, KrFigure, KrUnit};
pub use source::{SourceKind, UnknownSourceKind, DEMO_SOURCE_URL};
pub use ties::{order_ties, TieOrder};
pub use words::{parse_duration, parse_share, DurationUnit, TypedDuration};
