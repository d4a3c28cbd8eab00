//! What to compute, and the checks a query passes before anything is computed (`docs/metrics.md`,
//! "Windows" and "Filters").

use super::window::ts;
use crate::report::WindowKind;
use chrono::{TimeZone, Utc};
use flowmap_core::{FlowItemType, NodeId};

/// What to compute. Instants are Unix milliseconds (UTC).
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    /// The instant at which open intervals are closed; events after it are not yet known.
    pub now: i64,
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub window: WindowKind,
    pub flow_item_type: Option<FlowItemType>,
    /// Only items of these sources; empty: all.
    pub sources: Vec<String>,
    /// Only items that were in one of these stages (Waiting or Active there) at some time up to
    /// `now`; `None`: all. A partner's filter is the stages it owns. Ids that are not stages of
    /// the model match nothing.
    pub through_stages: Option<Vec<NodeId>>,
    /// Also list every completed item's flow time (`Metrics::flow_time_points`), for a
    /// scatterplot.
    pub include_points: bool,
}

impl Query {
    /// All time up to `now`, items completed in it.
    pub fn all_time(now: i64) -> Self {
        Query {
            now,
            from: None,
            to: None,
            window: WindowKind::Completed,
            flow_item_type: None,
            sources: Vec::new(),
            through_stages: None,
            include_points: false,
        }
    }
}

/// The query cannot be answered as asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("the window is empty: from ({from}) is not before to ({to})")]
    FromNotBeforeTo { from: String, to: String },
    #[error("{name} ({value}) is outside the range of dates Flowmap handles")]
    OutOfRange { name: &'static str, value: i64 },
}

/// Refuses instants outside the dates Flowmap handles and an empty window.
pub(crate) fn validate(query: &Query) -> Result<(), QueryError> {
    for (name, value) in [
        ("now", Some(query.now)),
        ("from", query.from),
        ("to", query.to),
    ] {
        if let Some(v) = value {
            if Utc.timestamp_millis_opt(v).single().is_none() {
                return Err(QueryError::OutOfRange { name, value: v });
            }
        }
    }
    if let (Some(f), Some(t)) = (query.from, query.to) {
        if f >= t {
            return Err(QueryError::FromNotBeforeTo {
                from: ts(f).to_rfc3339(),
                to: ts(t).to_rfc3339(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_window_and_impossible_dates_are_refused() {
        let mut q = Query::all_time(0);
        assert_eq!(validate(&q), Ok(()));
        q.from = Some(5);
        q.to = Some(5);
        assert!(matches!(
            validate(&q),
            Err(QueryError::FromNotBeforeTo { .. })
        ));
        q.to = Some(i64::MAX);
        assert_eq!(
            validate(&q),
            Err(QueryError::OutOfRange {
                name: "to",
                value: i64::MAX
            })
        );
    }
}
