//! `flowmap forecast`: how many items by a date, or when N items will be done.

use crate::metrics::TypeArg;
use crate::render::count;
use chrono::{DateTime, Utc};
use clap::Args;
use flowmap_api::wire::{ForecastRequest, ForecastView};
use flowmap_api::{ApiError, OpenMap};
use flowmap_metrics::forecast::Question;
use std::fmt::Write;
use std::path::PathBuf;

#[derive(Args)]
#[command(group(clap::ArgGroup::new("question").required(true).args(["items", "days", "by", "under"])))]
pub struct ForecastArgs {
    file: PathBuf,
    /// When will this many more items be done?
    #[arg(long)]
    items: Option<u32>,
    /// How many items will be done in this many days?
    #[arg(long)]
    days: Option<u32>,
    /// How many items will be done by this date (e.g. 2027-03-31)?
    #[arg(long)]
    by: Option<String>,
    /// When will the items under this one be done (an epic's descendants, along the lineage)?
    #[arg(long, value_name = "KEY")]
    under: Option<String>,
    /// The source of --under's item, when two sources hold its key
    #[arg(long, value_name = "SOURCE", requires = "under")]
    under_source: Option<String>,
    /// Only items of this flow item type
    #[arg(long = "type", value_enum)]
    flow_item_type: Option<TypeArg>,
    /// Only items of this source (repeat for several)
    #[arg(long = "source")]
    sources: Vec<String>,
    /// Forecast from this instant (default: the current time)
    #[arg(long)]
    now: Option<String>,
    /// Days of throughput history to sample from
    #[arg(long, default_value_t = 90)]
    window: u32,
    /// Trials of the simulation
    #[arg(long, default_value_t = 10_000)]
    trials: u32,
    /// Seed: the same seed gives the same forecast
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Also forecast from past dates (every 14 days, up to a year back) and say how often each
    /// answer held
    #[arg(long)]
    backtest: bool,
    /// Print JSON (docs/metrics.md, "Forecasts") instead of text
    #[arg(long)]
    json: bool,
}

pub fn forecast(args: ForecastArgs, clock: DateTime<Utc>) -> Result<String, ApiError> {
    let now = match &args.now {
        Some(t) => flowmap_api::parse_instant("--now", t)?,
        None => clock,
    };
    let question = match (args.items, args.days, &args.by) {
        (Some(items), _, _) => Question::When { items },
        (_, Some(days), _) => Question::HowMany { days },
        (_, _, Some(by)) => {
            let by = flowmap_api::parse_instant("--by", by)?;
            let ms = (by - now).num_milliseconds();
            if ms <= 0 {
                return Err(ApiError::invalid_argument(format!(
                    "--by ({}) must be after the time forecast from ({})",
                    by.to_rfc3339(),
                    now.to_rfc3339()
                )));
            }
            Question::HowMany {
                days: u32::try_from((ms + 86_399_999) / 86_400_000).unwrap_or(u32::MAX),
            }
        }
        // Replaced by the items still open under it.
        _ if args.under.is_some() => Question::When { items: 1 },
        _ => unreachable!("clap requires one question"),
    };
    let request = ForecastRequest {
        question,
        flow_item_type: args.flow_item_type.map(TypeArg::flow_item_type),
        sources: args.sources,
        now: Some(now.to_rfc3339()),
        window_days: Some(args.window),
        trials: Some(args.trials),
        seed: Some(args.seed),
        backtest: args.backtest,
        under: args.under.map(|key| flowmap_api::wire::SetRoot {
            key,
            source: args.under_source,
        }),
    };
    let view = OpenMap::open(&args.file)?.forecast(&request, clock)?;
    if args.json {
        return Ok(serde_json::to_string_pretty(&view).expect("a forecast serializes") + "\n");
    }
    Ok(render(&view))
}

fn day(rfc3339: &str) -> &str {
    rfc3339.get(..10).unwrap_or(rfc3339)
}

/// The forecast as text: the question, each confidence's answer, how it was made.
pub fn render(view: &ForecastView) -> String {
    let f = &view.forecast;
    let kind = view
        .flow_item_type
        .map(|t| format!("{} items", t.to_string().to_lowercase()))
        .unwrap_or_else(|| "items".into());
    let mut out = String::new();
    match f.question {
        Question::HowMany { days } => {
            let _ = writeln!(
                out,
                "How many {kind} will be done in the next {} (by {})?",
                plural(days, "day"),
                day(&view.dates[0])
            );
            for l in &f.likelihoods {
                let _ = writeln!(
                    out,
                    "  {:>3} % likely: at least {}",
                    l.confidence,
                    count(u64::from(l.value))
                );
            }
        }
        Question::When { items } => {
            match &view.set {
                Some(set) => {
                    let _ = writeln!(
                        out,
                        "When will the {} of work left under {} ({}) be done? (of {} under it: {} done, {} canceled, {} open; throughput of {})",
                        plural(items, "item"),
                        set.key,
                        set.title,
                        count(u64::from(set.total)),
                        count(u64::from(set.done)),
                        count(u64::from(set.canceled)),
                        count(u64::from(set.open)),
                        set.sampled_sources.join(", ")
                    );
                }
                None => {
                    let _ = writeln!(
                        out,
                        "When will {} more {kind} be done?",
                        count(u64::from(items))
                    );
                }
            }
            for (l, date) in f.likelihoods.iter().zip(&view.dates) {
                let _ = writeln!(
                    out,
                    "  {:>3} % likely: by {} (within {})",
                    l.confidence,
                    day(date),
                    plural(l.value, "day")
                );
            }
            if f.unfinished_trials > 0 {
                let _ = writeln!(
                    out,
                    "  {} of {} trials had not finished after ten years",
                    count(u64::from(f.unfinished_trials)),
                    count(u64::from(f.sampling.trials))
                );
            }
        }
    }
    let _ = writeln!(
        out,
        "From {} completed in the {} from {} to {}: {:.1} a day, some on {} of those days.",
        count(f.window_completions),
        plural(f.sampling.window_days, "day"),
        day(&view.window_from),
        day(&view.now),
        f.daily_mean,
        count(u64::from(f.days_with_completions))
    );
    let _ = writeln!(out, "{}", view.method);
    if let Some(b) = &view.backtest {
        if b.points.is_empty() {
            let _ = writeln!(
                out,
                "Back-test: not enough history before the forecasts' dates."
            );
        } else {
            let _ = writeln!(
                out,
                "Back-test: {} forecasts of {} made every 14 days before now; the answer held:",
                b.points.len(),
                plural(b.horizon_days, "day")
            );
            for (c, rate) in [50, 85, 95].iter().zip(&b.hit_rates) {
                let _ = writeln!(out, "  {c:>3} %: {:.0} % of the time", rate * 100.0);
            }
        }
    }
    out
}

fn plural(n: u32, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{} {word}s", count(u64::from(n)))
    }
}
