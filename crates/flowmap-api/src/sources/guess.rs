//! First guesses for what a source does not say: a state's category, an artifact type's flow
//! item type.

use flowmap_core::{FlowItemType, StateCategory};

/// The category proposed for a state: the tool's own where it gives one, except that a name
/// that says waiting (or canceled) wins — Jira's "To Do" is in its "new" category, but it is a
/// queue.
pub(super) fn propose_category(state: &str, hint: Option<StateCategory>) -> StateCategory {
    let guess = StateCategory::guess_from_name(state);
    match hint {
        Some(h) if h == StateCategory::Canceled => h,
        Some(_) if matches!(guess, StateCategory::Waiting | StateCategory::Canceled) => guess,
        Some(h) => h,
        None => guess,
    }
}

/// The flow item type an artifact type's name suggests, when the tool does not say.
pub(super) fn guess_flow_item_type(artifact_type: &str) -> FlowItemType {
    let n = artifact_type.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| n.contains(w));
    if has(&[
        "bug", "defect", "incident", "problem", "fault", "hotfix", "error",
    ]) {
        FlowItemType::Defect
    } else if has(&[
        "risk",
        "security",
        "vulnerab",
        "compliance",
        "audit",
        "legal",
        "cve",
    ]) {
        FlowItemType::Risk
    } else if has(&[
        "debt",
        "refactor",
        "chore",
        "maintenance",
        "upgrade",
        "cleanup",
    ]) {
        FlowItemType::Debt
    } else {
        FlowItemType::Feature
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proposals_follow_the_tool_and_waiting_words_win() {
        use StateCategory::*;
        assert_eq!(propose_category("In Progress", Some(Active)), Active);
        assert_eq!(propose_category("To Do", Some(New)), Waiting);
        assert_eq!(
            propose_category("Waiting for customer", Some(Active)),
            Waiting
        );
        assert_eq!(propose_category("Won't Do", Some(Done)), Canceled);
        assert_eq!(propose_category("Approved", Some(Waiting)), Waiting);
        assert_eq!(propose_category("Blocked", None), Waiting);
        assert_eq!(propose_category("Failed", Some(Canceled)), Canceled);
    }

    #[test]
    fn artifact_types_suggest_flow_item_types() {
        assert_eq!(guess_flow_item_type("Bug"), FlowItemType::Defect);
        assert_eq!(guess_flow_item_type("Security finding"), FlowItemType::Risk);
        assert_eq!(guess_flow_item_type("Tech debt"), FlowItemType::Debt);
        assert_eq!(guess_flow_item_type("Story"), FlowItemType::Feature);
    }
}
