//! Forecasts of an open map and of the window's edit session: the engine's Monte Carlo
//! (`flowmap_metrics::forecast`) over the completions of the file's items, with the dates each
//! answer means (`docs/metrics.md`, "Forecasts").

use crate::editing::EditSession;
use crate::error::ApiError;
use crate::lineage::LineageInput;
use crate::metrics::parse_instant;
use crate::open_map::OpenMap;
use crate::wire::{ForecastRequest, ForecastSet, ForecastView};
use chrono::{DateTime, Duration, Utc};
use flowmap_core::ValueStreamMap;
use flowmap_metrics::forecast::{
    self, backtest, completions, daily_throughput, Question, Sampling,
};
use flowmap_metrics::lineage::Outcome;
use flowmap_metrics::{Dataset, StageModel};
use flowmap_store::MapFile;

/// The most trials a forecast runs.
pub const MAX_TRIALS: u32 = 1_000_000;
/// The longest sampling window and horizon, in days (ten years).
pub const MAX_DAYS: u32 = 3_650;

/// Back-tests look this far: forecasts of the same horizon made every 14 days, at most 26 of
/// them (a year of fortnights).
const BACKTEST_STEP_DAYS: u32 = 14;
const BACKTEST_POINTS: u32 = 26;

impl OpenMap {
    /// A forecast from the file's items; `clock` is the current time.
    pub fn forecast(
        &self,
        request: &ForecastRequest,
        clock: DateTime<Utc>,
    ) -> Result<ForecastView, ApiError> {
        let data = self.dataset()?;
        let model = self.stage_model(&data)?;
        let set = match &request.under {
            Some(_) => Some(set_of(
                &self.doc.map,
                &self.file,
                &data,
                &model,
                request,
                clock,
            )?),
            None => None,
        };
        run(&data, &model, request, set, clock)
    }
}

impl EditSession {
    /// A forecast from the open file's items (the current state's: a future state has no data),
    /// against the working map's stages.
    pub fn forecast(
        &mut self,
        request: &ForecastRequest,
        clock: DateTime<Utc>,
    ) -> Result<ForecastView, ApiError> {
        let (data, _) = self.current_dataset()?;
        let (model, _) = self.current_stage_model(&data)?;
        let set = match (&request.under, self.saved()) {
            (Some(_), Some(open)) => {
                let map = &self.current_document().map;
                Some(set_of(map, &open.file, &data, &model, request, clock)?)
            }
            (Some(r), None) => {
                return Err(ApiError::invalid_argument(format!(
                    "the map has no file yet, so no item {:?} to forecast under: save it and add data first",
                    r.key
                )))
            }
            (None, _) => None,
        };
        run(&data, &model, request, set, clock)
    }
}

/// The instant a forecast is made at.
fn instant(request: &ForecastRequest, clock: DateTime<Utc>) -> Result<DateTime<Utc>, ApiError> {
    match &request.now {
        Some(t) => parse_instant("the time to forecast from", t),
        None => Ok(clock),
    }
}

/// The items under the request's item, along the lineage at the forecast's instant.
fn set_of(
    map: &ValueStreamMap,
    file: &MapFile,
    data: &Dataset,
    model: &StageModel,
    request: &ForecastRequest,
    clock: DateTime<Utc>,
) -> Result<ForecastSet, ApiError> {
    let root = request.under.as_ref().expect("a set was asked for");
    let now = instant(request, clock)?.timestamp_millis();
    let input = LineageInput::read(map, file, data, model, now)?;
    let found = input.descendants(root.source.as_deref(), &root.key)?;
    let (source, title, under) = (found.source, found.title, found.items);
    let count = |o: Outcome| under.iter().filter(|(_, x, _)| *x == o).count() as u32;
    // The work left: open items with nothing open under them (a parent is done when they are).
    let work: Vec<&(String, Outcome, bool)> = under
        .iter()
        .filter(|(_, o, below)| *o == Outcome::Open && !below)
        .collect();
    let mut sampled: Vec<String> = if request.sources.is_empty() {
        work.iter().map(|(s, _, _)| s.clone()).collect()
    } else {
        request.sources.clone()
    };
    sampled.sort();
    sampled.dedup();
    Ok(ForecastSet {
        source,
        key: root.key.clone(),
        title,
        total: under.len() as u32,
        done: count(Outcome::Done),
        canceled: count(Outcome::Canceled),
        open: count(Outcome::Open),
        work: work.len() as u32,
        sampled_sources: sampled,
    })
}

fn run(
    data: &Dataset,
    model: &StageModel,
    request: &ForecastRequest,
    set: Option<ForecastSet>,
    clock: DateTime<Utc>,
) -> Result<ForecastView, ApiError> {
    let now = instant(request, clock)?;
    let sampling = sampling(request)?;
    let mut request = request.clone();
    if let Some(set) = &set {
        if set.work == 0 {
            return Err(ApiError::invalid_argument(format!(
                "nothing under {} is still open ({} done, {} canceled of {}): nothing to forecast",
                set.key, set.done, set.canceled, set.total
            )));
        }
        request.question = Question::When { items: set.work };
        request.sources = set.sampled_sources.clone();
    }
    let request = &request;
    match request.question {
        Question::HowMany { days } if days == 0 || days > MAX_DAYS => {
            return Err(ApiError::invalid_argument(format!(
                "the days to forecast must be from 1 to {MAX_DAYS} (got {days})"
            )))
        }
        Question::When { items: 0 } => {
            return Err(ApiError::invalid_argument(
                "the number of items to forecast must be at least 1",
            ))
        }
        _ => {}
    }
    let now_ms = now.timestamp_millis();
    let done = completions(
        data,
        model,
        now_ms,
        request.flow_item_type,
        &request.sources,
    );
    let daily = daily_throughput(&done, now_ms, sampling.window_days);
    let f = forecast::forecast(&daily, request.question, sampling)
        .map_err(|e| ApiError::invalid_argument(e.to_string()))?;
    let day = |d: u32| (now + Duration::days(i64::from(d))).to_rfc3339();
    let dates = match request.question {
        Question::HowMany { days } => vec![day(days)],
        Question::When { .. } => f.likelihoods.iter().map(|l| day(l.value)).collect(),
    };
    let kind = request
        .flow_item_type
        .map(|t| format!("{} items", t.to_string().to_lowercase()))
        .unwrap_or_else(|| "items".into());
    let method = format!(
        "{} trials (seed {}), each drawing for every future day one of the {} days before {} at random and adding its completed {kind}; {} were completed in those days.",
        crate::words::count(u64::from(sampling.trials)),
        sampling.seed,
        sampling.window_days,
        now.format("%Y-%m-%d %H:%M UTC"),
        crate::words::count(f.window_completions)
    );
    let backtest = request.backtest.then(|| {
        let horizon = match request.question {
            Question::HowMany { days } => days,
            // A "when" is checked as "how many in the 85 % days".
            Question::When { .. } => f.likelihoods[1].value.max(1),
        };
        backtest::backtest(
            &done,
            now_ms,
            horizon,
            BACKTEST_STEP_DAYS,
            BACKTEST_POINTS,
            sampling,
        )
    });
    Ok(ForecastView {
        forecast: f,
        now: now.to_rfc3339(),
        window_from: (now - Duration::days(i64::from(sampling.window_days))).to_rfc3339(),
        dates,
        flow_item_type: request.flow_item_type,
        method,
        backtest,
        set,
    })
}

fn sampling(request: &ForecastRequest) -> Result<Sampling, ApiError> {
    let d = Sampling::default();
    let s = Sampling {
        window_days: request.window_days.unwrap_or(d.window_days),
        trials: request.trials.unwrap_or(d.trials),
        seed: request.seed.unwrap_or(d.seed),
    };
    if s.window_days == 0 || s.window_days > MAX_DAYS {
        return Err(ApiError::invalid_argument(format!(
            "the sampling window must be from 1 to {MAX_DAYS} days (got {})",
            s.window_days
        )));
    }
    if s.trials == 0 || s.trials > MAX_TRIALS {
        return Err(ApiError::invalid_argument(format!(
            "trials must be from 1 to {MAX_TRIALS} (got {})",
            s.trials
        )));
    }
    Ok(s)
}
