//! The Items list on the edit session: the file's items (the flow view's cached [`Dataset`])
//! measured against the working map and the state mapping, filtered, sorted and cut into one
//! page here, so the window never holds 100,000 items; and one item's timeline. An item's
//! facts (state, stage, work start, end) come from the engine (`flowmap_metrics::item_facts`),
//! the same as every figure's; its link from [`item_link`], as the stage panel's.

use crate::editing::EditSession;
use crate::error::{ApiError, ErrorCode};
use crate::flow_view::item_link;
use crate::metrics::parse_instant;
use crate::wire::{
    ItemRow, ItemSortColumn, ItemStatus, ItemTimeline, ItemsPage, ItemsQuery, TimelineStep,
};
use chrono::{DateTime, SecondsFormat, TimeZone, Utc};
use flowmap_core::StateCategory;
use flowmap_metrics::{item_facts, item_timeline, Dataset, ItemFacts, StageModel};
use flowmap_store::SourceRecord;
use std::cmp::Ordering;
use std::collections::BTreeSet;

/// The most rows one page holds.
pub const MAX_PAGE: u32 = 1000;

fn time(ms: i64) -> String {
    Utc.timestamp_millis_opt(ms)
        .single()
        .unwrap_or_default()
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn status(f: &ItemFacts) -> ItemStatus {
    match (f.ended, f.category) {
        (Some(_), StateCategory::Canceled) => ItemStatus::Canceled,
        (Some(_), _) => ItemStatus::Done,
        (None, _) if f.started.is_some() => ItemStatus::InFlight,
        _ => ItemStatus::NotStarted,
    }
}

/// Age in flight (work start to `now`), flow time when done (work start to completion), in ms.
fn time_ms(f: &ItemFacts, now: i64) -> Option<i64> {
    let start = f.started?;
    match status(f) {
        ItemStatus::InFlight => Some((now - start).max(0)),
        ItemStatus::Done => f.ended.map(|e| (e - start).max(0)),
        _ => None,
    }
}

/// Orders keys as people read them: digit runs by value ("T-2" before "T-10").
fn natural(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        match (a.first(), b.first()) {
            (None, None) => return Ordering::Equal,
            (None, _) => return Ordering::Less,
            (_, None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let da = a.iter().take_while(|c| c.is_ascii_digit()).count();
                let db = b.iter().take_while(|c| c.is_ascii_digit()).count();
                let (na, nb) = (trim_zeros(&a[..da]), trim_zeros(&b[..db]));
                let by_value = na.len().cmp(&nb.len()).then_with(|| na.cmp(nb));
                if by_value != Ordering::Equal {
                    return by_value;
                }
                (a, b) = (&a[da..], &b[db..]);
            }
            (Some(x), Some(y)) => {
                let c = x.to_ascii_lowercase().cmp(&y.to_ascii_lowercase());
                if c != Ordering::Equal {
                    return c;
                }
                (a, b) = (&a[1..], &b[1..]);
            }
        }
    }
}

fn trim_zeros(d: &[u8]) -> &[u8] {
    let zeros = d.iter().take_while(|c| **c == b'0').count();
    &d[zeros.min(d.len().saturating_sub(1))..]
}

/// Compares two optional values with `None` last whatever the direction.
fn none_last<T>(
    a: Option<T>,
    b: Option<T>,
    cmp: impl Fn(T, T) -> Ordering,
    desc: bool,
) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => {
            let c = cmp(a, b);
            if desc {
                c.reverse()
            } else {
                c
            }
        }
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// What the list needs beside the facts: the data, the stage model, the sources and `now`.
struct Lister<'a> {
    data: &'a Dataset,
    model: &'a StageModel,
    sources: &'a [SourceRecord],
    now: i64,
}

impl Lister<'_> {
    fn matches(&self, f: &ItemFacts, q: &ItemsQuery, words: &[String]) -> bool {
        let d = self.data;
        if q.flow_item_type.is_some_and(|t| d.item_type(f.ix) != t)
            || q.source
                .as_deref()
                .is_some_and(|s| d.item_source(f.ix) != s)
            || q.state
                .as_deref()
                .is_some_and(|s| d.state_name(f.state) != s)
            || q.status.is_some_and(|s| status(f) != s)
        {
            return false;
        }
        if let Some(stage) = q.stage.as_deref() {
            let id = f.stage.map(|s| self.model.stages()[s].id.to_string());
            if id.as_deref() != Some(stage) {
                return false;
            }
        }
        if words.is_empty() {
            return true;
        }
        let key = d.item_key(f.ix).to_lowercase();
        let title = d.item_title(f.ix).to_lowercase();
        words
            .iter()
            .all(|w| key.contains(w.as_str()) || title.contains(w.as_str()))
    }

    fn compare(&self, a: &ItemFacts, b: &ItemFacts, q: &ItemsQuery) -> Ordering {
        let d = self.data;
        let desc = q.descending;
        let dir = |c: Ordering| if desc { c.reverse() } else { c };
        let by = match q.sort {
            ItemSortColumn::Key => dir(natural(d.item_key(a.ix), d.item_key(b.ix))),
            ItemSortColumn::Title => dir(natural(d.item_title(a.ix), d.item_title(b.ix))),
            ItemSortColumn::Type => dir(d.item_type(a.ix).cmp(&d.item_type(b.ix))),
            ItemSortColumn::Source => dir(d.item_source(a.ix).cmp(d.item_source(b.ix))),
            ItemSortColumn::State => dir(natural(d.state_name(a.state), d.state_name(b.state))),
            ItemSortColumn::Stage => none_last(a.stage, b.stage, |x, y| x.cmp(&y), desc),
            ItemSortColumn::Time => none_last(
                time_ms(a, self.now),
                time_ms(b, self.now),
                |x, y| x.cmp(&y),
                desc,
            ),
            ItemSortColumn::Started => none_last(a.started, b.started, |x, y| x.cmp(&y), desc),
            ItemSortColumn::Finished => none_last(a.ended, b.ended, |x, y| x.cmp(&y), desc),
        };
        by.then(a.ix.cmp(&b.ix))
    }

    fn row(&self, f: &ItemFacts) -> ItemRow {
        let d = self.data;
        let (key, source) = (d.item_key(f.ix), d.item_source(f.ix));
        let stage = f.stage.map(|s| &self.model.stages()[s]);
        ItemRow {
            key: key.to_string(),
            title: d.item_title(f.ix).to_string(),
            source: source.to_string(),
            artifact_type: d.item_artifact_type(f.ix).to_string(),
            flow_item_type: d.item_type(f.ix),
            flow_item: self.model.is_flow_item(d, f.ix),
            state: d.state_name(f.state).to_string(),
            category: f.category,
            stage: stage.map(|s| s.name.clone()),
            stage_id: stage.map(|s| s.id.to_string()),
            status: status(f),
            started: f.started.map(time),
            finished: f.ended.map(time),
            time_secs: time_ms(f, self.now).map(|ms| ms as f64 / 1000.0),
            link: self
                .sources
                .iter()
                .find(|s| s.name == source)
                .and_then(|s| item_link(s, key)),
        }
    }
}

fn instant(now: Option<&str>, clock: DateTime<Utc>) -> Result<DateTime<Utc>, ApiError> {
    match now {
        Some(t) if !t.trim().is_empty() => parse_instant("now", t),
        _ => Ok(clock),
    }
}

impl EditSession {
    /// One page of the file's items under `query` (see [`ItemsQuery`]), measured against the
    /// working map at the query's `now` (`clock` when it has none).
    pub fn items(
        &mut self,
        query: &ItemsQuery,
        clock: DateTime<Utc>,
    ) -> Result<ItemsPage, ApiError> {
        if query.limit > MAX_PAGE {
            return Err(ApiError::invalid_argument(format!(
                "a page holds at most {MAX_PAGE} items, not {}",
                query.limit
            )));
        }
        let now = instant(query.now.as_deref(), clock)?;
        let (data, _) = self.current_dataset()?;
        let (model, sources) = self.current_stage_model(&data)?;
        let lister = Lister {
            data: &data,
            model: &model,
            sources: &sources,
            now: now.timestamp_millis(),
        };
        let facts = item_facts(&data, &model, lister.now);
        let words: Vec<String> = query
            .search
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        let mut states = BTreeSet::new();
        let mut chosen: Vec<&ItemFacts> = Vec::new();
        for f in &facts {
            states.insert(data.state_name(f.state));
            if lister.matches(f, query, &words) {
                chosen.push(f);
            }
        }
        let (offset, limit) = (query.offset as usize, query.limit as usize);
        let end = (offset + limit).min(chosen.len());
        if offset < chosen.len() {
            // Only the page needs its place settled: the rest stays unsorted.
            if end < chosen.len() {
                chosen.select_nth_unstable_by(end, |a, b| lister.compare(a, b, query));
            }
            chosen[..end].sort_unstable_by(|a, b| lister.compare(a, b, query));
        }
        let rows = chosen
            .get(offset..end)
            .unwrap_or_default()
            .iter()
            .map(|f| lister.row(f))
            .collect();
        Ok(ItemsPage {
            rows,
            total: chosen.len() as u64,
            all: facts.len() as u64,
            offset: query.offset,
            sources: data.sources().to_vec(),
            states: states.into_iter().map(str::to_string).collect(),
            stages: model
                .stages()
                .iter()
                .map(|s| (s.id.to_string(), s.name.clone()))
                .collect(),
            now: time(lister.now),
        })
    }

    /// Item `key` of `source`: its row and its history, state by state, at `now` (`clock` when
    /// absent).
    pub fn item_timeline(
        &mut self,
        source: &str,
        key: &str,
        now: Option<&str>,
        clock: DateTime<Utc>,
    ) -> Result<ItemTimeline, ApiError> {
        let now = instant(now, clock)?.timestamp_millis();
        let (data, _) = self.current_dataset()?;
        let (model, sources) = self.current_stage_model(&data)?;
        let not_found = || {
            ApiError::new(
                ErrorCode::NotFound,
                format!("the map's file has no item {key:?} of source {source:?}"),
            )
        };
        let ix = data.find_item(source, key).ok_or_else(not_found)?;
        let lister = Lister {
            data: &data,
            model: &model,
            sources: &sources,
            now,
        };
        let facts = item_facts(&data, &model, now);
        let fact = facts.iter().find(|f| f.ix == ix).ok_or_else(not_found)?;
        let steps = item_timeline(&data, &model, ix, now)
            .into_iter()
            .map(|s| {
                let end = s.end.unwrap_or(now.max(s.start));
                TimelineStep {
                    state: data.state_name(s.state).to_string(),
                    at: time(s.start),
                    at_ms: s.start,
                    duration_secs: (end - s.start) as f64 / 1000.0,
                    current: s.end.is_none(),
                    stage: s.stage.map(|k| model.stages()[k].name.clone()),
                    category: s.category,
                }
            })
            .collect();
        Ok(ItemTimeline {
            item: lister.row(fact),
            steps,
            now: time(now),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::natural;
    use std::cmp::Ordering::*;

    #[test]
    fn keys_sort_as_people_read_them() {
        assert_eq!(natural("T-2", "T-10"), Less);
        assert_eq!(natural("T-10", "T-9"), Greater);
        assert_eq!(natural("t-1", "T-1"), Equal);
        assert_eq!(natural("T-007", "T-7"), Equal);
        assert_eq!(natural("A", "A-1"), Less);
        let mut keys = vec!["#10", "#1", "#2", "x", "#100"];
        keys.sort_by(|a, b| natural(a, b));
        assert_eq!(keys, ["#1", "#2", "#10", "#100", "x"]);
    }
}
