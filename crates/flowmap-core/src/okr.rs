//! Flow key results: an objective's measurable results on a flow figure of the map, each with a
//! baseline, a target, a start, a due date and an owner (`docs/metrics.md`, "Flow key
//! results"). What is measured and how progress is judged lives in `flowmap-metrics`; this is
//! what is stored in the map file.

use crate::id::{KeyResultId, NodeId};
use crate::item::FlowItemType;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The flow figure a key result is set on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum KrFigure {
    /// Flow time, median, of the items completed in the 28 days before each measurement.
    FlowTimeP50,
    /// Flow time, 85th percentile, likewise.
    FlowTimeP85,
    /// Flow efficiency (Σ active ÷ Σ flow time) of those items.
    FlowEfficiency,
    /// Items in progress at the instant measured.
    FlowLoad,
    /// Items completed per week, over the 28 days.
    FlowVelocity,
    /// Share of the completed items that are of the key result's flow item type.
    DistributionShare,
    /// Waiting time in a stage, median, of the items that were in it.
    StageWaitingP50,
    /// Waiting time in a stage, 85th percentile.
    StageWaitingP85,
    /// End-to-end flow time across the toolchain, median, of the lineage roots (customer
    /// requests, features) that finished in the 28 days before each measurement.
    EndToEndP50,
    /// End-to-end flow time, 85th percentile, likewise.
    EndToEndP85,
}

/// What a figure's values are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum KrUnit {
    /// A duration in seconds.
    Seconds,
    /// A fraction in [0, 1].
    Share,
    /// A number of items.
    Items,
    /// Items per week.
    PerWeek,
}

impl KrFigure {
    pub const ALL: [KrFigure; 10] = [
        KrFigure::FlowTimeP50,
        KrFigure::FlowTimeP85,
        KrFigure::FlowEfficiency,
        KrFigure::FlowLoad,
        KrFigure::FlowVelocity,
        KrFigure::DistributionShare,
        KrFigure::StageWaitingP50,
        KrFigure::StageWaitingP85,
        KrFigure::EndToEndP50,
        KrFigure::EndToEndP85,
    ];

    pub fn unit(self) -> KrUnit {
        match self {
            KrFigure::FlowTimeP50
            | KrFigure::FlowTimeP85
            | KrFigure::StageWaitingP50
            | KrFigure::StageWaitingP85
            | KrFigure::EndToEndP50
            | KrFigure::EndToEndP85 => KrUnit::Seconds,
            KrFigure::FlowEfficiency | KrFigure::DistributionShare => KrUnit::Share,
            KrFigure::FlowLoad => KrUnit::Items,
            KrFigure::FlowVelocity => KrUnit::PerWeek,
        }
    }

    /// Whether the figure is measured over lineage roots (needs the file's links).
    pub fn needs_lineage(self) -> bool {
        matches!(self, KrFigure::EndToEndP50 | KrFigure::EndToEndP85)
    }

    /// Whether the figure is a stage's (the key result names the stage).
    pub fn needs_stage(self) -> bool {
        matches!(self, KrFigure::StageWaitingP50 | KrFigure::StageWaitingP85)
    }

    /// Whether less is better (durations and load), for a key result that holds a figure.
    pub fn lower_is_better(self) -> bool {
        matches!(self.unit(), KrUnit::Seconds | KrUnit::Items)
    }

    /// Words for the figure, as lists and messages show it.
    pub fn label(self) -> &'static str {
        match self {
            KrFigure::FlowTimeP50 => "flow time p50",
            KrFigure::FlowTimeP85 => "flow time p85",
            KrFigure::FlowEfficiency => "flow efficiency",
            KrFigure::FlowLoad => "flow load",
            KrFigure::FlowVelocity => "flow velocity",
            KrFigure::DistributionShare => "distribution share",
            KrFigure::StageWaitingP50 => "waiting time p50 in a stage",
            KrFigure::StageWaitingP85 => "waiting time p85 in a stage",
            KrFigure::EndToEndP50 => "end-to-end flow time p50",
            KrFigure::EndToEndP85 => "end-to-end flow time p85",
        }
    }
}

/// One key result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct KeyResult {
    pub id: KeyResultId,
    /// The objective it serves, e.g. "Deliver features predictably".
    pub objective: String,
    /// The key result in words, e.g. "Feature flow time under 10 days".
    pub name: String,
    pub figure: KrFigure,
    /// Only items of this type (for a share: the type whose share is measured).
    pub flow_item_type: Option<FlowItemType>,
    /// The stage, for a stage's figure.
    pub stage: Option<NodeId>,
    /// The value at the start and the value to reach, in the figure's unit.
    pub baseline: f64,
    pub target: f64,
    #[ts(type = "string")]
    pub start: DateTime<Utc>,
    #[ts(type = "string")]
    pub due: DateTime<Utc>,
    pub owner: String,
}

/// The longest objective, name or owner accepted, in characters.
pub const MAX_KR_TEXT: usize = 500;

impl KeyResult {
    /// Checks what can be checked without the map and the data; the reason names the field.
    pub fn check(&self) -> Result<(), String> {
        if self.name.trim().is_empty() {
            return Err(
                "a key result needs a name, e.g. \"Feature flow time under 10 days\"".into(),
            );
        }
        for (field, text) in [
            ("objective", &self.objective),
            ("name", &self.name),
            ("owner", &self.owner),
        ] {
            if text.chars().count() > MAX_KR_TEXT {
                return Err(format!(
                    "the {field} is longer than {MAX_KR_TEXT} characters"
                ));
            }
        }
        for (field, v) in [("baseline", self.baseline), ("target", self.target)] {
            if !v.is_finite() || v < 0.0 {
                return Err(format!(
                    "the {field} must be a number of at least 0 (got {v})"
                ));
            }
            if self.figure.unit() == KrUnit::Share && v > 1.0 {
                return Err(format!(
                    "the {field} is a share: from 0 % to 100 % (got {:.1} %)",
                    v * 100.0
                ));
            }
        }
        if self.due <= self.start {
            return Err(format!(
                "the due date ({}) must be after the start ({})",
                self.due.format("%Y-%m-%d"),
                self.start.format("%Y-%m-%d")
            ));
        }
        if self.figure.needs_stage() && self.stage.is_none() {
            return Err(format!(
                "a key result on {} names the stage",
                self.figure.label()
            ));
        }
        if self.figure == KrFigure::DistributionShare && self.flow_item_type.is_none() {
            return Err(
                "a key result on a distribution share names the flow item type whose share it sets"
                    .into(),
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn kr() -> KeyResult {
        KeyResult {
            id: KeyResultId::from_random_bytes([1; 16]),
            objective: "Predictable delivery".into(),
            name: "Feature flow time p85 under 10 days".into(),
            figure: KrFigure::FlowTimeP85,
            flow_item_type: Some(FlowItemType::Feature),
            stage: None,
            baseline: 20.0 * 86_400.0,
            target: 10.0 * 86_400.0,
            start: Utc.with_ymd_and_hms(2026, 10, 1, 0, 0, 0).unwrap(),
            due: Utc.with_ymd_and_hms(2026, 12, 31, 0, 0, 0).unwrap(),
            owner: "Dana".into(),
        }
    }

    #[test]
    fn a_sound_key_result_passes_and_each_fault_is_named() {
        assert_eq!(kr().check(), Ok(()));
        let refused = |k: KeyResult, words: &str| {
            let e = k.check().unwrap_err();
            assert!(e.contains(words), "{e}");
        };
        refused(
            KeyResult {
                name: " ".into(),
                ..kr()
            },
            "needs a name",
        );
        refused(
            KeyResult {
                target: -1.0,
                ..kr()
            },
            "target must be",
        );
        refused(
            KeyResult {
                baseline: f64::NAN,
                ..kr()
            },
            "baseline must be",
        );
        refused(
            KeyResult {
                due: kr().start,
                ..kr()
            },
            "due date (2026-10-01) must be after",
        );
        refused(
            KeyResult {
                figure: KrFigure::FlowEfficiency,
                baseline: 0.2,
                target: 1.5,
                ..kr()
            },
            "share: from 0 % to 100 % (got 150.0 %)",
        );
        refused(
            KeyResult {
                figure: KrFigure::StageWaitingP85,
                ..kr()
            },
            "names the stage",
        );
        refused(
            KeyResult {
                figure: KrFigure::DistributionShare,
                flow_item_type: None,
                baseline: 0.3,
                target: 0.5,
                ..kr()
            },
            "names the flow item type",
        );
        refused(
            KeyResult {
                owner: "x".repeat(501),
                ..kr()
            },
            "owner is longer than 500",
        );
    }

    #[test]
    fn every_figure_has_a_unit_and_words() {
        for f in KrFigure::ALL {
            assert!(!f.label().is_empty());
            assert_eq!(f.needs_stage(), f.label().contains("stage"));
            let json = serde_json::to_string(&f).unwrap();
            assert_eq!(serde_json::from_str::<KrFigure>(&json).unwrap(), f);
        }
    }
}
