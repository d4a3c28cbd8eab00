//! Little's law check: the window's average flow load L against throughput λ × mean flow time W
//! (`docs/metrics.md`, "Little's law check").

use crate::report::LittlesLaw;

/// From the average load, the items completed in the window, the window's length in days and the
/// mean flow time in days of the completed items.
pub(crate) fn littles_law(
    average_load: f64,
    completed: u64,
    days: f64,
    mean_flow_time_days: Option<f64>,
) -> LittlesLaw {
    let throughput_per_day = if days > 0.0 {
        completed as f64 / days
    } else {
        0.0
    };
    let predicted = mean_flow_time_days.map(|w| throughput_per_day * w);
    LittlesLaw {
        average_load,
        throughput_per_day,
        average_flow_time_days: mean_flow_time_days,
        predicted_load: predicted,
        ratio: predicted.filter(|p| *p > 0.0).map(|p| average_load / p),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ratio_compares_load_with_throughput_times_flow_time() {
        // 30 items in 10 days, 2 days each: λW = 6; L = 9 gives 1.5.
        let l = littles_law(9.0, 30, 10.0, Some(2.0));
        assert_eq!(
            (l.throughput_per_day, l.predicted_load, l.ratio),
            (3.0, Some(6.0), Some(1.5))
        );
        let none = littles_law(1.0, 0, 0.0, None);
        assert_eq!((none.throughput_per_day, none.ratio), (0.0, None));
    }
}
