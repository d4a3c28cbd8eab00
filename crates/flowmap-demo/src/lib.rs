//! The demo: a value stream map of a realistic software delivery toolchain, and a seeded
//! discrete-event simulation of work items flowing through it.
//!
//! The toolchain: customer requests in Salesforce, support cases in desk.com, features in
//! TargetProcess, epics, stories, bugs, risks and debt in Jira, code review in GitHub, builds
//! and deployments in Jenkins, and a nearshore partner organisation developing in its own Jira.
//!
//! The simulation ([`generate`]) sends items through the stages, each with a number of people
//! (servers) and a first-in-first-out queue. Capacities are set from the arrival rate so that
//! Testing runs slightly above its capacity: a queue builds in front of it over the months, as
//! in real streams. Items loop back from code review and testing (rework), get blocked, get
//! canceled, and those still in progress at the demo's "as of" instant stay in flight. The same
//! seed gives the same map and the same history, at any size (it scales to millions of items,
//! holding only the items in progress in memory).
//!
//! With lineage ([`LineageBuilder`]), the other tools' items are derived from the stories and
//! linked to them: requests, features, epics, pull requests and builds.
//!
//! No IO and no clock: the demo's period is fixed ([`DemoOptions::start`], [`DemoOptions::as_of`]).

mod lineage;
mod simulation;
mod toolchain;

pub use lineage::{lineage_state_mappings, Derived, LineageBuilder, LINEAGE_SOURCES};
pub use simulation::{generate, DemoOptions};
pub use toolchain::{demo_map, demo_state_mappings, DemoMap, SOURCE_NAME};
