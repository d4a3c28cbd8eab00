//! The order of an item's state changes that share an instant.
//!
//! Exports often record changes to the minute, so an item can go Resolved → Closed within one
//! timestamp. The rule, used by the metrics engine and by the import's report alike:
//!
//! 1. Ties keep the order of the source (file order, or the tool's own sequence).
//! 2. The from-state chain overrides that order only where it is consistent: when every change
//!    of the group has a from-state and some order of the group makes each change leave the
//!    state the previous one entered (the first leaving the state the item was in), and the
//!    source order does not. A repeated state (X → X) is a change like any other.
//! 3. A change without a from-state fits only where the item has no state yet: an item's first
//!    row without a from-state goes first. Elsewhere it cannot be chained, and the group keeps
//!    the source order.

/// How a group of tied changes was ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TieOrder {
    /// The source's order was kept.
    Source,
    /// The from-state chain reordered the group.
    Chain,
}

/// The most steps spent searching for a chain; a group that needs more keeps the source order.
const SEARCH_BUDGET: usize = 10_000;

/// The order of one group of changes at the same instant, given in source order as
/// (from-state, to-state); `current` is the state the item is in before them (`None` at its
/// start). Returns how the group was ordered and the source positions in their new order.
pub fn order_ties<S: PartialEq + Copy>(
    current: Option<S>,
    group: &[(Option<S>, S)],
) -> (TieOrder, Vec<usize>) {
    let source: Vec<usize> = (0..group.len()).collect();
    if consistent(current, group, &source) {
        return (TieOrder::Source, source);
    }
    let mut path = Vec::with_capacity(group.len());
    let mut used = vec![false; group.len()];
    let mut budget = SEARCH_BUDGET;
    if search(current, group, &mut used, &mut path, &mut budget) {
        (TieOrder::Chain, path)
    } else {
        (TieOrder::Source, source)
    }
}

/// Whether a change can follow the state `current` (`None`: the item has no state yet).
fn fits<S: PartialEq + Copy>(current: Option<S>, from: Option<S>) -> bool {
    match (current, from) {
        (None, _) => true,
        (Some(c), Some(f)) => c == f,
        (Some(_), None) => false,
    }
}

fn consistent<S: PartialEq + Copy>(
    mut current: Option<S>,
    group: &[(Option<S>, S)],
    order: &[usize],
) -> bool {
    for &j in order {
        if !fits(current, group[j].0) {
            return false;
        }
        current = Some(group[j].1);
    }
    true
}

/// Depth first, trying changes in source order: the first chain found is the one closest to the
/// source's order.
fn search<S: PartialEq + Copy>(
    current: Option<S>,
    group: &[(Option<S>, S)],
    used: &mut [bool],
    path: &mut Vec<usize>,
    budget: &mut usize,
) -> bool {
    if path.len() == group.len() {
        return true;
    }
    for j in 0..group.len() {
        if used[j] || !fits(current, group[j].0) {
            continue;
        }
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        used[j] = true;
        path.push(j);
        if search(Some(group[j].1), group, used, path, budget) {
            return true;
        }
        path.pop();
        used[j] = false;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(current: Option<&str>, group: &[(Option<&str>, &str)]) -> (TieOrder, Vec<usize>) {
        order_ties(current, group)
    }

    #[test]
    fn without_from_states_the_source_order_wins() {
        // Resolved → Closed in one minute, no from-state: file order, not alphabetical.
        let g = [(None, "Resolved"), (None, "Closed")];
        assert_eq!(
            order(Some("In Progress"), &g),
            (TieOrder::Source, vec![0, 1])
        );
    }

    #[test]
    fn a_consistent_chain_reorders_and_a_consistent_source_order_stays() {
        let g = [
            (Some("Resolved"), "Closed"),
            (Some("In Progress"), "Resolved"),
        ];
        assert_eq!(
            order(Some("In Progress"), &g),
            (TieOrder::Chain, vec![1, 0])
        );
        let g = [
            (Some("In Progress"), "Resolved"),
            (Some("Resolved"), "Closed"),
        ];
        assert_eq!(
            order(Some("In Progress"), &g),
            (TieOrder::Source, vec![0, 1])
        );
    }

    #[test]
    fn a_repeated_state_is_chained_like_any_change() {
        let g = [(Some("Open"), "Dev"), (Some("Open"), "Open")];
        assert_eq!(order(Some("Open"), &g), (TieOrder::Chain, vec![1, 0]));
        let g = [(Some("Open"), "Open"), (Some("Open"), "Dev")];
        assert_eq!(order(Some("Open"), &g), (TieOrder::Source, vec![0, 1]));
    }

    #[test]
    fn the_first_row_without_a_from_state_goes_first() {
        let g = [(Some("Open"), "Dev"), (None, "Open")];
        assert_eq!(order(None, &g), (TieOrder::Chain, vec![1, 0]));
    }

    #[test]
    fn an_inconsistent_group_keeps_the_source_order() {
        let g = [(Some("QA"), "Done"), (None, "Dev")];
        assert_eq!(order(Some("Dev"), &g), (TieOrder::Source, vec![0, 1]));
        let g = [(Some("X"), "Done"), (Some("Y"), "QA")];
        assert_eq!(order(Some("Dev"), &g), (TieOrder::Source, vec![0, 1]));
    }
}
