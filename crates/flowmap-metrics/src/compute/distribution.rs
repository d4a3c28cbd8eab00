//! Flow distribution: the shares of Feature, Defect, Risk and Debt among items
//! (`docs/metrics.md`, "Flow metrics").

use crate::report::{TypeCounts, TypeShares};
use flowmap_core::FlowItemType;

/// Counts one more item of type `t`.
#[inline]
pub(crate) fn add_type(c: &mut TypeCounts, t: FlowItemType) {
    match t {
        FlowItemType::Feature => c.feature += 1,
        FlowItemType::Defect => c.defect += 1,
        FlowItemType::Risk => c.risk += 1,
        FlowItemType::Debt => c.debt += 1,
    }
    c.total += 1;
}

/// Each type's share of `counts` (all zero without items).
pub(crate) fn shares(counts: TypeCounts) -> TypeShares {
    let share = |n: u64| {
        if counts.total > 0 {
            n as f64 / counts.total as f64
        } else {
            0.0
        }
    };
    TypeShares {
        feature: share(counts.feature),
        defect: share(counts.defect),
        risk: share(counts.risk),
        debt: share(counts.debt),
        counts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_add_up_to_one() {
        let mut c = TypeCounts::default();
        for t in [
            FlowItemType::Feature,
            FlowItemType::Feature,
            FlowItemType::Debt,
        ] {
            add_type(&mut c, t);
        }
        let s = shares(c);
        assert_eq!(
            (s.feature, s.debt, s.counts.total),
            (2.0 / 3.0, 1.0 / 3.0, 3)
        );
        assert_eq!(shares(TypeCounts::default()).feature, 0.0);
    }
}
