//! The demo's lineage (`flowmap demo --lineage`): the items the other tools would hold for the
//! simulated Jira stories, linked the way real ones are. Every three stories (in the order they
//! finish or stay in flight) come from one customer request in Salesforce, analysed as one
//! feature in TargetProcess and planned as one Jira epic (the stories' parent); each story
//! that reached code review has a GitHub pull request (open from its review request to its
//! first "Ready for QA", linked "fixes" to the story); each day's deployments are one Jenkins
//! build containing the pull requests of the stories deployed that day. The request is
//! submitted four days before its first story and accepted a day before; the feature and the
//! epic close when all their stories are done or canceled. Times come from the
//! stories' own histories, so the chain is consistent with the flow the map shows. Pure.

use crate::toolchain::{CANCELED, DONE, SOURCE_NAME, STAGES};
use chrono::{DateTime, TimeZone, Utc};
use flowmap_core::{
    FlowItemType, Item, LinkKind, LinkTarget, StateCategory, StateMapping, Transition,
};
use std::collections::BTreeMap;

/// The sources of the derived items, with the tool (by the demo's tool index) each belongs to.
pub const LINEAGE_SOURCES: [(&str, usize); 4] = [
    ("salesforce", crate::toolchain::SALESFORCE),
    ("targetprocess", crate::toolchain::TARGETPROCESS),
    ("github", crate::toolchain::GITHUB),
    ("jenkins", crate::toolchain::JENKINS),
];

/// A derived item, its changes and the links it tells (the source of a link is its item's).
pub struct Derived {
    pub item: Item,
    pub transitions: Vec<Transition>,
    pub links: Vec<(LinkKind, LinkTarget)>,
}

/// A link of a story (by key) to its epic.
pub type StoryLink = (String, (LinkKind, LinkTarget));

/// What lineage needs of one story.
struct Story {
    key: String,
    created: i64,
    /// First entry into each state.
    first: BTreeMap<String, i64>,
    done: Option<i64>,
    /// When it ended, Done or canceled.
    ended: Option<i64>,
}

/// Collects the demo's stories as they are generated and derives the other tools' items.
#[derive(Default)]
pub struct LineageBuilder {
    stories: Vec<Story>,
}

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

fn at(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms).single().expect("in range")
}

fn target(source: &str, key: &str) -> LinkTarget {
    LinkTarget {
        source: Some(source.to_string()),
        key: key.to_string(),
    }
}

/// An item of `source` with changes to `states` (state, instant) in order.
fn derived(
    source: &str,
    key: String,
    title: String,
    kind: &str,
    states: &[(&str, i64)],
    links: Vec<(LinkKind, LinkTarget)>,
) -> Derived {
    let item = Item::new(
        source,
        key,
        title,
        kind,
        FlowItemType::Feature,
        at(states[0].1),
    );
    let transitions = states
        .iter()
        .map(|(s, ms)| Transition {
            item: item.id,
            from_state: None,
            to_state: (*s).to_string(),
            at: at(*ms),
        })
        .collect();
    Derived {
        item,
        transitions,
        links,
    }
}

impl LineageBuilder {
    /// Takes one generated item; only stories are kept.
    pub fn item(&mut self, item: &Item, transitions: &[Transition]) {
        if item.artifact_type != "Story" {
            return;
        }
        let mut first = BTreeMap::new();
        for t in transitions {
            first
                .entry(t.to_state.clone())
                .or_insert(t.at.timestamp_millis());
        }
        let last = transitions.last();
        let done = last
            .filter(|t| t.to_state == DONE)
            .map(|t| t.at.timestamp_millis());
        let ended = last
            .filter(|t| t.to_state == DONE || t.to_state == CANCELED)
            .map(|t| t.at.timestamp_millis());
        self.stories.push(Story {
            key: item.key.clone(),
            created: item.created.timestamp_millis(),
            first,
            done,
            ended,
        });
    }

    /// The derived items, and the links of the stories themselves (key, link).
    pub fn finish(self) -> (Vec<Derived>, Vec<StoryLink>) {
        let planning = STAGES[crate::toolchain::PLANNING].queue_state;
        let review = STAGES[crate::toolchain::REVIEW].queue_state;
        let testing = STAGES[crate::toolchain::TESTING].queue_state;
        let deploying = STAGES[crate::toolchain::RELEASE].work_state;
        let mut out = Vec::new();
        let mut story_links = Vec::new();
        // Per day: the pull requests deployed, with their deployment's start and end.
        let mut builds: BTreeMap<i64, Vec<(String, i64, i64)>> = BTreeMap::new();
        for (n, group) in self.stories.chunks(3).enumerate() {
            let n = n + 1;
            let first = |state: &str| {
                group
                    .iter()
                    .filter_map(|s| s.first.get(state))
                    .min()
                    .copied()
            };
            // The request lives in Salesforce before the stories exist: submitted four days
            // before the first of them, qualified, accepted a day before; the feature is
            // analysed from then on in TargetProcess.
            let start = group.iter().map(|s| s.created).min().unwrap_or_default();
            let submitted = start - 4 * DAY;
            let qualifying = submitted + 2 * HOUR;
            let accepted = start - DAY;
            let analysis = accepted + 4 * HOUR;
            let planned = first(planning).unwrap_or(start).max(analysis);
            let all_ended = group.iter().map(|s| s.ended).collect::<Option<Vec<i64>>>();
            let finished = all_ended.and_then(|d| d.into_iter().max());
            let (req, feature, epic) = (format!("REQ-{n}"), format!("TP-{n}"), format!("EPIC-{n}"));
            out.push(derived(
                "salesforce",
                req.clone(),
                format!("Customer request {n}"),
                "Feature Request",
                &[
                    ("Submitted", submitted),
                    ("Qualifying", qualifying),
                    ("Accepted", accepted),
                ],
                Vec::new(),
            ));
            let mut tp = vec![("Analysis", analysis)];
            let mut ep = vec![("Epic Open", planned)];
            if let Some(f) = finished {
                tp.push(("Delivered", f.max(analysis)));
                ep.push(("Epic Closed", f.max(planned)));
            }
            out.push(derived(
                "targetprocess",
                feature.clone(),
                format!("Feature for request {n}"),
                "Feature",
                &tp,
                vec![(LinkKind::Parent, target("salesforce", &req))],
            ));
            out.push(derived(
                SOURCE_NAME,
                epic.clone(),
                format!("Epic for request {n}"),
                "Epic",
                &ep,
                vec![(LinkKind::Parent, target("targetprocess", &feature))],
            ));
            for s in group {
                story_links.push((
                    s.key.clone(),
                    (LinkKind::Parent, target(SOURCE_NAME, &epic)),
                ));
                let Some(&opened) = s.first.get(review) else {
                    continue;
                };
                let pr = format!("PR-{}", s.key.trim_start_matches("FLOW-"));
                let mut states = vec![("Open", opened)];
                if let Some(&merged) = s.first.get(testing).filter(|m| **m >= opened) {
                    states.push(("Merged", merged));
                }
                out.push(derived(
                    "github",
                    pr.clone(),
                    format!("{}: changes", s.key),
                    "Pull Request",
                    &states,
                    vec![(LinkKind::Fixes, target(SOURCE_NAME, &s.key))],
                ));
                if let (Some(&deploy), Some(done)) = (s.first.get(deploying), s.done) {
                    builds
                        .entry(deploy / DAY)
                        .or_default()
                        .push((pr, deploy, done.max(deploy)));
                }
            }
        }
        for (day, prs) in builds {
            let started = prs.iter().map(|p| p.1).min().unwrap_or(day * DAY);
            let ended = prs.iter().map(|p| p.2).max().unwrap_or(started);
            let links = prs
                .iter()
                .map(|(pr, _, _)| (LinkKind::Relates, target("github", pr)))
                .collect();
            out.push(derived(
                "jenkins",
                format!("build-{day}"),
                format!("Release build ({} pull requests)", prs.len()),
                "Build",
                &[("Running", started), ("Success", ended)],
                links,
            ));
        }
        (out, story_links)
    }
}

/// The categories of the derived items' states (no stage: the map's stages are the stories').
pub fn lineage_state_mappings() -> Vec<StateMapping> {
    let row = |source: &str, state: &str, category| StateMapping {
        source: source.to_string(),
        state: state.to_string(),
        stage: None,
        category,
    };
    use StateCategory::*;
    vec![
        row("salesforce", "Submitted", New),
        row("salesforce", "Qualifying", Active),
        row("salesforce", "Accepted", Done),
        row("targetprocess", "Analysis", Active),
        row("targetprocess", "Delivered", Done),
        row(SOURCE_NAME, "Epic Open", Active),
        row(SOURCE_NAME, "Epic Closed", Done),
        row("github", "Open", Active),
        row("github", "Merged", Done),
        row("jenkins", "Running", Active),
        row("jenkins", "Success", Done),
    ]
}
