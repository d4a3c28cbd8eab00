//! A future state's changes to the current one, as the what-if simulates them
//! (`docs/metrics.md`, "What-if"): per stage of the current map (by its id), the people, WIP
//! limit and batch size the future state's workshop estimates change; a stage the future state
//! no longer has, or a handoff it no longer has, is a handoff removed.

use super::StageChange;
use crate::model::ModelStage;
use flowmap_core::{Edge, NodeId, ValueStreamMap};

/// A change and the words that say it ("Testing: 3 → 4 people").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Described {
    pub change: StageChange,
    pub words: Vec<String>,
}

fn handoffs(map: &ValueStreamMap) -> Vec<(NodeId, NodeId)> {
    map.edges()
        .filter_map(|e| match e {
            Edge::Handoff(h) => Some((h.from, h.to)),
            _ => None,
        })
        .collect()
}

/// The changes from `current` to `future`, one per current stage that changes, in flow order
/// (`stages` are the current map's, in flow order).
pub fn changes_between(
    stages: &[ModelStage],
    current: &ValueStreamMap,
    future: &ValueStreamMap,
) -> Vec<Described> {
    let position = |id: NodeId| stages.iter().position(|s| s.id == id);
    let (before, after) = (handoffs(current), handoffs(future));
    let mut out = Vec::new();
    for (s, stage) in stages.iter().enumerate() {
        let mut c = StageChange {
            stage: s as u32,
            ..StageChange::default()
        };
        let mut words = Vec::new();
        let Some(fs) = future.stage(stage.id) else {
            c.merge_into_previous = true;
            words.push(format!(
                "{} removed: its work is done by the stage before it, without a handoff",
                stage.name
            ));
            out.push(Described { change: c, words });
            continue;
        };
        let (now, then) = (&stage.estimates, &fs.estimates);
        if then.people.is_some() && then.people != now.people {
            c.people_before = now.people;
            c.people_after = then.people;
            let after = then.people.unwrap_or(0);
            words.push(match now.people {
                Some(b) => format!("{}: {b} → {after} people", stage.name),
                None => format!("{}: {after} people", stage.name),
            });
        }
        if then.wip_limit.is_some() && then.wip_limit != now.wip_limit {
            c.wip_limit = then.wip_limit;
            words.push(format!(
                "{}: WIP limit {}",
                stage.name,
                then.wip_limit.unwrap_or(0)
            ));
        }
        if then.batch_size.is_some() && then.batch_size != now.batch_size {
            c.batch_size = then.batch_size;
            words.push(format!(
                "{}: batches of {}",
                stage.name,
                then.batch_size.unwrap_or(1)
            ));
        }
        for (from, _) in before.iter().filter(|(f, t)| *t == stage.id && f != t) {
            let kept = after.contains(&(*from, stage.id));
            if kept || future.stage(*from).is_none() {
                continue;
            }
            if let Some(p) = position(*from) {
                c.merge_into_previous = true;
                c.merge_after = Some(p as u32);
                words.push(format!(
                    "handoff {} → {} removed: {} goes on with {}'s work",
                    stages[p].name, stage.name, stages[p].name, stage.name
                ));
                break;
            }
        }
        if !words.is_empty() {
            out.push(Described { change: c, words });
        }
    }
    out
}
