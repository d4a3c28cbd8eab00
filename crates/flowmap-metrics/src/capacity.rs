//! Capacity for new work and unplanned work (`docs/metrics.md`, "Capacity and unplanned work"):
//! per stage and per team, the share of the load taken by features, defects, risks and debts;
//! the rework rate per team; the share of the items that arrived in the window that were
//! unplanned (defects).
//!
//! Everything is read from the engine's own figures under the same query, once per flow item
//! type: a stage's load of a type is its `load_average` (items in the stage, time-averaged over
//! the window) with only that type selected, so the four add up to the stage's load.

use crate::compute::{compute, Query, QueryError};
use crate::dataset::Dataset;
use crate::model::StageModel;
use crate::report::{Metrics, TypeCounts, WindowInfo};
use flowmap_core::{FlowItemType, NodeId};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

/// Average items in progress, by flow item type.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct TypeLoads {
    pub feature: f64,
    pub defect: f64,
    pub risk: f64,
    pub debt: f64,
    pub total: f64,
}

impl TypeLoads {
    fn add(&mut self, t: FlowItemType, v: f64) {
        match t {
            FlowItemType::Feature => self.feature += v,
            FlowItemType::Defect => self.defect += v,
            FlowItemType::Risk => self.risk += v,
            FlowItemType::Debt => self.debt += v,
        }
        self.total += v;
    }

    /// The share of the load taken by features (the rest is defects, risks and debts); `None`
    /// without load.
    pub fn feature_share(&self) -> Option<f64> {
        (self.total > 0.0).then(|| self.feature / self.total)
    }
}

/// One stage's load by type and its rework.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct StageCapacity {
    pub id: NodeId,
    pub name: String,
    pub team: Option<String>,
    pub load: TypeLoads,
    /// Items that entered the stage, and how many of them entered more than once.
    #[ts(type = "number")]
    pub entered: u64,
    #[ts(type = "number")]
    pub reentered: u64,
}

/// A team's stages together: their loads added, rework as Σ re-entered ÷ Σ entered.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct TeamCapacity {
    pub team: String,
    pub stages: Vec<String>,
    pub load: TypeLoads,
    pub rework_rate: Option<f64>,
}

/// Items that arrived (were created) in the window, by type; defects are the unplanned work.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct Arrivals {
    pub counts: TypeCounts,
    /// Defects ÷ all arrivals; `None` when nothing arrived.
    pub unplanned_share: Option<f64>,
}

/// Capacity and unplanned work under one query.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct Capacity {
    pub window: WindowInfo,
    pub stages: Vec<StageCapacity>,
    pub teams: Vec<TeamCapacity>,
    pub arrivals: Arrivals,
}

const TYPES: [FlowItemType; 4] = [
    FlowItemType::Feature,
    FlowItemType::Defect,
    FlowItemType::Risk,
    FlowItemType::Debt,
];

/// Capacity under `query` (its flow item type is ignored: every type is measured); `teams`
/// names the team of each stage that has one.
pub fn capacity(
    data: &Dataset,
    model: &StageModel,
    teams: &HashMap<NodeId, String>,
    query: &Query,
) -> Result<Capacity, QueryError> {
    let all = compute(
        data,
        model,
        &Query {
            flow_item_type: None,
            ..query.clone()
        },
    )?;
    let mut stages: Vec<StageCapacity> = all
        .stages
        .iter()
        .map(|s| StageCapacity {
            id: s.id,
            name: s.name.clone(),
            team: teams.get(&s.id).cloned(),
            load: TypeLoads::default(),
            entered: s.entered,
            reentered: (s.reentry_rate.unwrap_or(0.0) * s.entered as f64).round() as u64,
        })
        .collect();
    // Every type over the same window: without a start, a window begins at the first event of
    // the items selected, which differs by type; the one of all items is pinned here.
    let to = all.window.to.timestamp_millis();
    let from = query
        .from
        .unwrap_or(to - (all.window.days * 86_400_000.0).round() as i64);
    for t in TYPES {
        let typed = Query {
            flow_item_type: Some(t),
            from: Some(from),
            ..query.clone()
        };
        let m: Metrics = compute(data, model, &typed)?;
        for (stage, s) in stages.iter_mut().zip(&m.stages) {
            stage.load.add(t, s.load_average);
        }
    }
    Ok(Capacity {
        window: all.window.clone(),
        teams: by_team(&stages),
        arrivals: arrivals(data, model, query, &all),
        stages,
    })
}

fn by_team(stages: &[StageCapacity]) -> Vec<TeamCapacity> {
    let mut out: Vec<(TeamCapacity, u64, u64)> = Vec::new();
    for s in stages {
        let Some(team) = &s.team else { continue };
        let i = match out.iter().position(|(t, _, _)| &t.team == team) {
            Some(i) => i,
            None => {
                out.push((
                    TeamCapacity {
                        team: team.clone(),
                        stages: Vec::new(),
                        load: TypeLoads::default(),
                        rework_rate: None,
                    },
                    0,
                    0,
                ));
                out.len() - 1
            }
        };
        let (t, entered, again) = &mut out[i];
        t.stages.push(s.name.clone());
        for (ty, v) in TYPES
            .iter()
            .zip([s.load.feature, s.load.defect, s.load.risk, s.load.debt])
        {
            t.load.add(*ty, v);
        }
        *entered += s.entered;
        *again += s.reentered;
    }
    out.into_iter()
        .map(|(mut t, entered, again)| {
            t.rework_rate = (entered > 0).then(|| again as f64 / entered as f64);
            t
        })
        .collect()
}

/// Items created in the window [from, to) (from the first event of the items selected when it
/// has no start), of the query's sources, flow items only.
fn arrivals(data: &Dataset, model: &StageModel, query: &Query, all: &Metrics) -> Arrivals {
    let to = query.to.unwrap_or(query.now);
    let from = all
        .window
        .from
        .map(|f| f.timestamp_millis())
        .unwrap_or_else(|| {
            all.window.to.timestamp_millis() - (all.window.days * 86_400_000.0).round() as i64
        });
    let source_ok = model.wanted(data, &query.sources);
    let mut counts = TypeCounts::default();
    for i in 0..data.item_count() {
        let at = data.item_created[i];
        if at < from || at >= to || !source_ok.wants(i) {
            continue;
        }
        match data.item_type[i] {
            FlowItemType::Feature => counts.feature += 1,
            FlowItemType::Defect => counts.defect += 1,
            FlowItemType::Risk => counts.risk += 1,
            FlowItemType::Debt => counts.debt += 1,
        }
        counts.total += 1;
    }
    Arrivals {
        unplanned_share: (counts.total > 0).then(|| counts.defect as f64 / counts.total as f64),
        counts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::DatasetBuilder;
    use crate::report::WindowKind;
    use flowmap_core::{
        Edge, Estimates, Handoff, Node, Stage, StateCategory, StateMapping, ValueStreamMap,
    };

    const H: i64 = 3_600_000;
    const T0: i64 = 1_767_225_600_000;

    /// An item: key, type, creation hour, and (hour, state) changes.
    type Spec = (
        &'static str,
        FlowItemType,
        i64,
        &'static [(i64, &'static str)],
    );

    fn nid(n: u8) -> NodeId {
        NodeId::from_random_bytes([n; 16])
    }

    fn stage(n: u8, name: &str) -> Node {
        Node::Stage(Stage {
            id: nid(n),
            name: name.into(),
            team: None,
            tool: None,
            partner: None,
            states: vec![name.into()],
            estimates: Estimates::default(),
        })
    }

    /// Dev (team "Builders") → QA (team "Checkers"). Over [0 h, 20 h):
    /// F1 (feature) in Dev 0–10 h, done; D1 (defect) Dev 0–5, QA 5–10, Dev again 10–15, done;
    /// R1 (risk, created at 10 h) in QA 10–20 h, in progress.
    #[test]
    fn loads_by_type_team_rework_and_unplanned_arrivals_by_hand() {
        let map = ValueStreamMap::from_parts(
            "m",
            [stage(1, "Dev"), stage(2, "QA")],
            [Edge::Handoff(Handoff {
                id: flowmap_core::EdgeId::from_random_bytes([9; 16]),
                from: nid(1),
                to: nid(2),
                label: None,
            })],
        )
        .unwrap();
        let mut b = DatasetBuilder::new();
        let items: [Spec; 3] = [
            ("F1", FlowItemType::Feature, 0, &[(0, "Dev"), (10, "Done")]),
            (
                "D1",
                FlowItemType::Defect,
                0,
                &[(0, "Dev"), (5, "QA"), (10, "Dev"), (15, "Done")],
            ),
            ("R1", FlowItemType::Risk, 10, &[(10, "QA")]),
        ];
        for (key, t, created, changes) in items {
            let ix = b.add_item("jira", key, key, t, T0 + created * H).unwrap();
            for (h, s) in changes {
                b.add_transition(ix as u64, T0 + h * H, None, s).unwrap();
            }
        }
        let data = b.finish().unwrap();
        let mappings: Vec<StateMapping> = [
            ("Dev", StateCategory::Active),
            ("QA", StateCategory::Active),
            ("Done", StateCategory::Done),
        ]
        .into_iter()
        .map(|(s, c)| StateMapping {
            source: "jira".into(),
            state: s.into(),
            stage: None,
            category: c,
        })
        .collect();
        let model = StageModel::new(&map, &mappings, &data).unwrap();
        let teams = HashMap::from([
            (nid(1), "Builders".to_string()),
            (nid(2), "Checkers".to_string()),
        ]);
        let query = Query {
            from: Some(T0),
            to: Some(T0 + 20 * H),
            window: WindowKind::During,
            ..Query::all_time(T0 + 20 * H)
        };
        let c = capacity(&data, &model, &teams, &query).unwrap();
        // Dev: F1 10 h + D1 5 + 5 h over 20 h = 0.5 feature + 0.5 defect.
        let dev = &c.stages[0];
        assert_eq!(
            (dev.load.feature, dev.load.defect, dev.load.total),
            (0.5, 0.5, 1.0)
        );
        assert_eq!(dev.load.feature_share(), Some(0.5));
        // QA: D1 5 h + R1 10 h over 20 h.
        let qa = &c.stages[1];
        assert_eq!(
            (qa.load.defect, qa.load.risk, qa.load.total),
            (0.25, 0.5, 0.75)
        );
        // Dev was entered by F1 and D1, D1 twice: rework ½; QA by D1 and R1 once each.
        assert_eq!((dev.entered, dev.reentered), (2, 1));
        assert_eq!(c.teams.len(), 2);
        assert_eq!(c.teams[0].team, "Builders");
        assert_eq!(c.teams[0].rework_rate, Some(0.5));
        assert_eq!(c.teams[1].rework_rate, Some(0.0));
        // Arrivals in [0, 20 h): F1, D1, R1; one defect.
        assert_eq!(c.arrivals.counts.total, 3);
        assert_eq!(c.arrivals.unplanned_share, Some(1.0 / 3.0));
    }
}
