//! Which GitHub labels are workflow states (docs/sources.md, "Labels as states").
//!
//! Real repositories use labels for everything: kinds ("bug"), areas, priorities, and version
//! labels put on finished work in bulk ("v1", "2.3.0"). So a label is a state only when it says
//! so, by a scoped prefix (`status:`, `state:`, `workflow::`, `kanban:`, `stage:`, any case),
//! when the source's `labels=PREFIX` option names its prefix, or when the user picked it in the
//! source's `state_labels=` option (the dry run lists the labels seen, with counts, to pick
//! from). A version label is never a state. No label moves a closed item (`forge::replay`).

/// Why a label event moved nothing: the label is no workflow state.
pub(crate) const NOT_A_STATE_LABEL: &str =
    "the label is not a workflow state (pick it in the source's state labels)";

/// The scopes that mark a label as a state, lower case, with their separators.
const SCOPES: [&str; 5] = ["status", "state", "workflow", "kanban", "stage"];

/// The labels of a source that are states.
#[derive(Debug, Default)]
pub(crate) struct StateLabels {
    /// `labels=PREFIX`: every label starting with it is a state.
    pub(crate) prefix: Option<String>,
    /// `state_labels=a,b`: labels the user picked, lower case.
    pub(crate) picked: Vec<String>,
}

impl StateLabels {
    /// Reads `state_labels=`'s comma-separated list.
    pub(crate) fn pick(&mut self, list: &str) {
        self.picked.extend(
            list.split(',')
                .map(|l| l.trim().to_lowercase())
                .filter(|l| !l.is_empty()),
        );
    }

    pub(crate) fn is_state(&self, name: &str) -> bool {
        let lower = name.trim().to_lowercase();
        if lower.is_empty() || is_version(&lower) {
            return false;
        }
        self.picked.contains(&lower)
            || self
                .prefix
                .as_deref()
                .is_some_and(|p| !p.is_empty() && lower.starts_with(&p.to_lowercase()))
            || is_scoped(&lower)
    }
}

/// `status: doing`, `Workflow::Review`, `kanban/ready`, `state - blocked`.
fn is_scoped(lower: &str) -> bool {
    SCOPES.iter().any(|scope| {
        lower.strip_prefix(scope).is_some_and(|rest| {
            let rest = rest.trim_start();
            let value = rest
                .strip_prefix("::")
                .or_else(|| rest.strip_prefix(':'))
                .or_else(|| rest.strip_prefix('/'))
                .or_else(|| rest.strip_prefix('-'));
            value.is_some_and(|v| !v.trim().is_empty())
        })
    })
}

/// `v1`, `2.3.0`, `v2.3.0-rc1`, `1.x`: a version, never a state.
fn is_version(lower: &str) -> bool {
    let rest = lower
        .strip_prefix("version")
        .or_else(|| lower.strip_prefix('v'))
        .unwrap_or(lower)
        .trim_start_matches([' ', ':', '-']);
    let core = rest.split(['-', '+']).next().unwrap_or_default();
    !core.is_empty()
        && core.starts_with(|c: char| c.is_ascii_digit())
        && core.split('.').all(|part| {
            !part.is_empty() && (part == "x" || part.chars().all(|c| c.is_ascii_digit()))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_scoped_or_picked_labels_are_states_and_versions_never() {
        let mut labels = StateLabels::default();
        labels.pick("In Progress, needs review");
        for yes in [
            "status: doing",
            "Status:Done",
            "workflow::review",
            "Kanban/Ready",
            "state - blocked",
            "in progress",
            "Needs Review",
        ] {
            assert!(labels.is_state(yes), "{yes} should be a state");
        }
        for no in [
            "bug",
            "v1",
            "V2.3",
            "2.3.0",
            "v2.3.0-rc1",
            "1.x",
            "version 4",
            "status",
            "statusquo",
            "enhancement",
        ] {
            assert!(!labels.is_state(no), "{no} should not be a state");
        }
        let prefixed = StateLabels {
            prefix: Some("flow-".into()),
            picked: Vec::new(),
        };
        assert!(prefixed.is_state("flow-review"));
        assert!(prefixed.is_state("Flow-Review"));
        assert!(!prefixed.is_state("review"));
    }
}
