//! The delivery metrics (DORA) of an open file (`flowmap dora`, the `dora` command): which of
//! the file's items are deployments and which are changes, how each deployment ended, and the
//! deployment each change's links say shipped it, given to `flowmap_metrics::dora`
//! (`docs/metrics.md`, "Delivery metrics (DORA)").

use crate::editing::EditSession;
use crate::error::ApiError;
use crate::lineage::engine_indices;
use crate::open_map::OpenMap;
use crate::wire::{DoraRequest, DoraView};
use chrono::{DateTime, SecondsFormat, TimeZone, Utc};
use flowmap_core::{Item, ItemId, StateCategory};
use flowmap_metrics::dora::{dora, Change, Deploy, DeployOutcome};
use flowmap_metrics::{item_facts_of, Dataset, ItemFacts, StageModel};
use flowmap_store::MapFile;
use std::collections::{BTreeSet, HashMap};

/// Words in a deployment's last state that say it failed.
const FAILED: [&str; 4] = ["fail", "error", "broken", "unstable"];

fn has_word(text: &str, words: &[&str]) -> bool {
    let t = text.to_lowercase();
    words.iter().any(|w| t.contains(w))
}

/// The artifact types asked for, or the file's types that look like deployments ("Deployment",
/// "Release"), else like builds ("Build", "Pipeline", "Workflow run").
fn choose(asked: &[String], present: &BTreeSet<String>, tiers: &[&[&str]]) -> Vec<String> {
    if !asked.is_empty() {
        return asked.to_vec();
    }
    for words in tiers {
        let found: Vec<String> = present
            .iter()
            .filter(|t| has_word(t, words))
            .cloned()
            .collect();
        if !found.is_empty() {
            return found;
        }
    }
    Vec::new()
}

fn time(ms: i64) -> String {
    Utc.timestamp_millis_opt(ms)
        .single()
        .unwrap_or_default()
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub(crate) fn run(
    file: &MapFile,
    data: &Dataset,
    model: &StageModel,
    request: &DoraRequest,
    clock: DateTime<Utc>,
) -> Result<DoraView, ApiError> {
    let query = request.window.query(clock)?;
    let now = query.now;
    let present: BTreeSet<String> = file.artifact_type_names()?.into_iter().collect();
    let deploy_types = choose(
        &request.deployment_types,
        &present,
        &[
            &["deploy", "release"],
            &["build", "pipeline", "workflow run"],
        ],
    );
    let change_types = choose(
        &request.change_types,
        &present,
        &[&["pull request", "merge request"]],
    );
    // Only deployments and changes count: their items are read, not the file's every item.
    let wanted: Vec<String> = deploy_types.iter().chain(&change_types).cloned().collect();
    let items = file.items_of_types(&wanted)?;
    let ix = engine_indices(data, &items);
    let facts: HashMap<u32, _> = item_facts_of(data, model, now, ix.iter().flatten().copied())
        .into_iter()
        .map(|f| (f.ix, f))
        .collect();
    let fact_of: HashMap<ItemId, &ItemFacts> = items
        .iter()
        .zip(&ix)
        .filter_map(|(it, i)| Some((it.id, facts.get(&(*i)?)?)))
        .collect();
    let fact = |it: &Item| fact_of.get(&it.id).copied();
    // Deployments: finished (Done, or a last state saying it failed); canceled ones are not.
    let mut deploys: Vec<Deploy> = Vec::new();
    let mut deploy_at: HashMap<ItemId, i64> = HashMap::new();
    for it in items
        .iter()
        .filter(|i| deploy_types.contains(&i.artifact_type))
    {
        let Some(f) = fact(it) else { continue };
        let Some(at) = f.ended else { continue };
        let last = data.state_name(f.state);
        let outcome = if has_word(last, &FAILED) {
            DeployOutcome::Failed
        } else if f.category == StateCategory::Done {
            DeployOutcome::Succeeded
        } else {
            continue;
        };
        if outcome == DeployOutcome::Succeeded {
            deploy_at.insert(it.id, at);
        }
        deploys.push(Deploy {
            at,
            outcome,
            environment: it.source.clone(),
        });
    }
    // Which deployment each change is linked to, either way round. A link's target is found
    // among the deployments and changes (a target that is neither changes nothing); one named
    // without its source is the last item added with that key, whichever it is.
    let by_key: HashMap<(&str, &str), ItemId> = items
        .iter()
        .map(|i| ((i.source.as_str(), i.key.as_str()), i.id))
        .collect();
    let bare = file.last_items_of_bare_targets()?;
    let by_bare_key: HashMap<&str, ItemId> = bare.iter().map(|i| (i.key.as_str(), i.id)).collect();
    let mut shipped: HashMap<ItemId, i64> = HashMap::new();
    let mut note = |change: ItemId, at: i64| {
        let e = shipped.entry(change).or_insert(at);
        *e = (*e).min(at);
    };
    for l in file.links()? {
        let target = match &l.target.source {
            Some(s) => by_key.get(&(s.as_str(), l.target.key.as_str())),
            None => by_bare_key.get(l.target.key.as_str()),
        };
        let Some(&target) = target else { continue };
        if let Some(&at) = deploy_at.get(&l.from) {
            note(target, at);
        }
        if let Some(&at) = deploy_at.get(&target) {
            note(l.from, at);
        }
    }
    let merged_word = items
        .iter()
        .filter(|i| change_types.contains(&i.artifact_type))
        .filter_map(&fact)
        .any(|f| has_word(data.state_name(f.state), &["merged"]));
    let changes: Vec<Change> = items
        .iter()
        .filter(|i| change_types.contains(&i.artifact_type))
        .filter_map(|it| {
            let f = fact(it)?;
            let merged = f.ended.filter(|_| f.category == StateCategory::Done)?;
            if merged_word && !has_word(data.state_name(f.state), &["merged"]) {
                return None; // closed without merging
            }
            Some(Change {
                started: f.started.unwrap_or(merged),
                merged,
                shipped_by_link: shipped.get(&it.id).copied(),
            })
        })
        .collect();
    let to = query.to.unwrap_or(now);
    let from = query.from.unwrap_or_else(|| {
        deploys
            .iter()
            .map(|d| d.at)
            .chain(changes.iter().map(|c| c.started))
            .min()
            .unwrap_or(to)
            .min(to)
    });
    Ok(DoraView {
        dora: dora(&deploys, &changes, from, to),
        deployment_types: deploy_types,
        change_types,
        from: time(from),
        to: time(to),
    })
}

impl OpenMap {
    /// The delivery metrics of the file's items, for `flowmap dora`.
    pub fn dora(&self, request: &DoraRequest, clock: DateTime<Utc>) -> Result<DoraView, ApiError> {
        let data = self.dataset()?;
        let model = self.stage_model(&data)?;
        run(&self.file, &data, &model, request, clock)
    }
}

impl EditSession {
    /// The same for the window, from the open file's items (the current state's).
    pub fn dora(
        &mut self,
        request: &DoraRequest,
        clock: DateTime<Utc>,
    ) -> Result<DoraView, ApiError> {
        self.reading()?.dora(request, clock)
    }
}
