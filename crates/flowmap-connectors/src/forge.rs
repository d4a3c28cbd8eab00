//! What the GitHub and GitLab connectors share: their API (a base URL and a path prefix, the
//! authentication and headers, lists paged to the end), the `parts=` option that picks what to
//! read, and the replay of an issue's, pull request's or merge request's events into state
//! changes.

use crate::connector::{PullContext, Skips, StateChange};
use crate::error::ConnectorError;
use crate::http::{Auth, HttpClient, Pages, Response};
use crate::web::endpoint;
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use url::Url;

/// A forge's REST API as one source sees it.
pub(crate) struct Api {
    pub(crate) base: Url,
    /// The path every request starts with: `/repos/{owner}/{repo}`, `/api/v4/projects/{id}`.
    prefix: String,
    auth: Auth,
    headers: &'static [(&'static str, &'static str)],
    pub(crate) http: HttpClient,
}

impl Api {
    pub(crate) fn new(
        base: Url,
        prefix: String,
        auth: Auth,
        headers: &'static [(&'static str, &'static str)],
        http: HttpClient,
    ) -> Self {
        Api {
            base,
            prefix,
            auth,
            headers,
            http,
        }
    }

    /// The URL of `rest` (which starts with `/`) below the prefix, with `params`.
    pub(crate) fn url(&self, rest: &str, params: &[(&str, &str)]) -> Url {
        endpoint(&self.base, &format!("{}{rest}", self.prefix), params)
    }

    /// GETs `url` with the source's authentication and headers; a URL on another origin than
    /// the source's is refused, so its credentials never go there.
    pub(crate) async fn get<T: DeserializeOwned>(
        &self,
        ctx: &PullContext,
        url: &Url,
    ) -> Result<Response<T>, ConnectorError> {
        if url.origin() != self.base.origin() {
            return Err(ConnectorError::InvalidConfig(format!(
                "{url} is not on the source's server {}; its credentials go nowhere else",
                self.base.origin().ascii_serialization()
            )));
        }
        self.http.get_json(ctx, url, &self.auth, self.headers).await
    }

    /// Every page of a list: the `Link: rel="next"` page, else the one `X-Next-Page` names
    /// (GitLab's offset pagination), until a page is empty or names no next one. Reports
    /// `phase` (unless it is empty) after each page, against `X-Total` when the API tells it.
    pub(crate) async fn all_pages<T: DeserializeOwned>(
        &self,
        ctx: &PullContext,
        first: Url,
        phase: &str,
    ) -> Result<Vec<T>, ConnectorError> {
        let mut out = Vec::new();
        let mut pages = Pages::new(&first);
        let mut next = Some(first);
        while let Some(url) = next {
            let page = self.get::<Vec<T>>(ctx, &url).await?;
            let total = page.header("x-total").and_then(|t| t.parse().ok());
            next = page.next.clone().or_else(|| next_page_header(&page, &url));
            if page.body.is_empty() {
                next = None;
            }
            next = pages.follow(&url, next)?;
            out.extend(page.body);
            if !phase.is_empty() {
                ctx.report(phase, out.len() as u64, total);
            }
        }
        Ok(out)
    }
}

/// `url` with its `page` parameter set to the answer's `X-Next-Page`, when that is given.
fn next_page_header<T>(page: &Response<T>, url: &Url) -> Option<Url> {
    let n = page
        .header("x-next-page")
        .filter(|n| !n.trim().is_empty())?;
    let mut u = url.clone();
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| k != "page")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    u.query_pairs_mut()
        .clear()
        .extend_pairs(pairs)
        .append_pair("page", n.trim());
    Some(u)
}

/// The parts of a project a source reads (`parts=issues,pulls`): all of them by default.
pub(crate) struct Parts(Vec<String>);

impl Parts {
    pub(crate) fn wants(&self, part: &str) -> bool {
        self.0.iter().any(|p| p == part)
    }
}

/// Reads a forge source's query options: `parts=` (a comma-separated list of `known` parts)
/// and the tool's own option `own`, whose value goes to `set_own`. `tool` names the tool in
/// messages.
pub(crate) fn query_options(
    tool: &str,
    options: Vec<(String, String)>,
    known: &[&str],
    own: &str,
    mut set_own: impl FnMut(String),
) -> Result<Parts, ConnectorError> {
    query_options_of(tool, options, known, &[own], |_, v| set_own(v))
}

/// [`query_options`] with several options of the tool's own: each (name, value) goes to
/// `set_own`.
pub(crate) fn query_options_of(
    tool: &str,
    options: Vec<(String, String)>,
    known: &[&str],
    own: &[&str],
    mut set_own: impl FnMut(&str, String),
) -> Result<Parts, ConnectorError> {
    let mut parts: Vec<String> = known.iter().map(|p| p.to_string()).collect();
    for (k, v) in options {
        match k.as_str() {
            k if own.contains(&k) => set_own(k, v),
            "parts" => {
                parts = v.split(',').map(|p| p.trim().to_string()).collect();
                if let Some(bad) = parts.iter().find(|p| !known.contains(&p.as_str())) {
                    return Err(ConnectorError::InvalidConfig(format!(
                        "unknown {tool} part {bad:?}: expected {}",
                        one_of(known)
                    )));
                }
            }
            other => {
                let mut names = own.to_vec();
                names.push("parts");
                return Err(ConnectorError::InvalidConfig(format!(
                    "unknown {tool} query option {other:?}: expected {}",
                    one_of(&names)
                )));
            }
        }
    }
    Ok(Parts(parts))
}

/// `a, b or c`.
fn one_of(names: &[&str]) -> String {
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => last.to_string(),
        None => String::new(),
    }
}

/// Appends the change into `to` at `at`, unless `at` is unknown or the item is in `to` already.
pub(crate) fn push_state(changes: &mut Vec<StateChange>, at: Option<DateTime<Utc>>, to: &str) {
    let Some(at) = at else { return };
    let from = changes.last().map(|c| c.to.clone());
    if from.as_deref() != Some(to) {
        changes.push(StateChange {
            at,
            from,
            to: to.to_string(),
        });
    }
}

/// The states of the forges' own that finish an item: after one, only a reopening moves it.
pub(crate) const FINISHED: [&str; 4] = ["Closed", "Merged", "Canceled", "Abandoned"];

/// Why an event on a finished item changes nothing (docs/sources.md, "Events after an item
/// finished").
pub(crate) const AFTER_FINISH: &str =
    "on a closed or merged item: it stays done until it is reopened";

/// Why an event that is no state change changes nothing.
pub(crate) const NOT_A_STATE: &str = "not a state change";

/// One event of an issue's, pull request's or merge request's history, as the replay needs it.
pub(crate) enum Step {
    /// The item entered a state of the tool's own (closed, merged, reopened, …): a state label
    /// removed later returns here. A state in [`FINISHED`] finishes the item; any other one
    /// after it (a reopening) makes it open again.
    State(String),
    /// A label that stands for a state was added: the item is in that state now (unless it is
    /// finished).
    LabelAdded(String),
    /// A label was removed: when it is the current state, the item returns to the last state of
    /// the tool's own.
    LabelRemoved(String),
    /// Work on an open item that moves it (a review, a review request, a draft made ready):
    /// `kind` is the tool's name of the event, counted as skipped on a finished item.
    Activity { kind: String, to: String },
    /// An event read that moves nothing (a comment, an assignment, a label that is no state):
    /// counted as skipped, with why.
    Other { kind: String },
}

/// The state changes of an issue, a pull request or a merge request: `opened` at its creation,
/// then each step in the order given (a step into the state the item is in changes nothing).
pub(crate) fn replay(
    created: Option<DateTime<Utc>>,
    opened: &str,
    steps: impl IntoIterator<Item = (DateTime<Utc>, Step)>,
) -> Vec<StateChange> {
    replay_counting(created, opened, steps, &mut Skips::default())
}

/// [`replay`], counting in `skips` each event that moved nothing, by kind and reason. Once the
/// item is finished (a state in [`FINISHED`]) labels, reviews and other activity no longer move
/// it: only a state of the tool's own does (a reopening).
pub(crate) fn replay_counting(
    created: Option<DateTime<Utc>>,
    opened: &str,
    steps: impl IntoIterator<Item = (DateTime<Utc>, Step)>,
    skips: &mut Skips,
) -> Vec<StateChange> {
    let mut changes = Vec::new();
    let mut base = opened.to_string();
    push_state(&mut changes, created, opened);
    for (at, step) in steps {
        let current = changes.last().map(|c: &StateChange| c.to.as_str());
        let finished = FINISHED.contains(&base.as_str());
        let to = match step {
            Step::State(s) => {
                base = s.clone();
                s
            }
            Step::Other { kind } => {
                skips.skip(&kind, if finished { AFTER_FINISH } else { NOT_A_STATE });
                continue;
            }
            Step::LabelAdded(_) if finished => {
                skips.skip("labeled", AFTER_FINISH);
                continue;
            }
            Step::LabelRemoved(_) if finished => {
                skips.skip("unlabeled", AFTER_FINISH);
                continue;
            }
            Step::Activity { kind, .. } if finished => {
                skips.skip(&kind, AFTER_FINISH);
                continue;
            }
            Step::Activity { to, .. } => to,
            Step::LabelAdded(s) => s,
            Step::LabelRemoved(s) if current == Some(s.as_str()) => base.clone(),
            Step::LabelRemoved(_) => {
                skips.skip("unlabeled", "the label was not the item's state");
                continue;
            }
        };
        push_state(&mut changes, Some(at), &to);
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(hour: u32) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(&format!("2025-01-01T{hour:02}:00:00Z"))
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn a_removed_state_label_returns_to_the_last_state_of_the_tools_own() {
        let steps = [
            (at(1), Step::LabelAdded("doing".into())),
            (at(2), Step::State("Reopened".into())),
            (at(3), Step::LabelAdded("review".into())),
            (at(4), Step::LabelRemoved("doing".into())),
            (at(5), Step::LabelRemoved("review".into())),
            (at(6), Step::State("Reopened".into())),
        ];
        let states: Vec<String> = replay(Some(at(0)), "Open", steps)
            .into_iter()
            .map(|c| c.to)
            .collect();
        assert_eq!(states, ["Open", "doing", "Reopened", "review", "Reopened"]);
    }

    #[test]
    fn lists_of_names_read_as_prose() {
        assert_eq!(one_of(&["a", "b", "c"]), "a, b or c");
        assert_eq!(one_of(&["a"]), "a");
    }

    fn states(changes: Vec<StateChange>) -> Vec<String> {
        changes.into_iter().map(|c| c.to).collect()
    }

    #[test]
    fn nothing_but_a_reopening_moves_a_finished_item() {
        let steps = [
            (at(1), Step::LabelAdded("status: doing".into())),
            (at(2), Step::State("Merged".into())),
            (
                at(3),
                Step::Activity {
                    kind: "reviewed".into(),
                    to: "In review".into(),
                },
            ),
            (at(4), Step::LabelAdded("status: doing".into())),
            (at(5), Step::LabelRemoved("status: doing".into())),
            (
                at(6),
                Step::Other {
                    kind: "commented".into(),
                },
            ),
            (at(7), Step::State("Reopened".into())),
            (
                at(8),
                Step::Activity {
                    kind: "reviewed".into(),
                    to: "In review".into(),
                },
            ),
            (
                at(9),
                Step::Other {
                    kind: "commented".into(),
                },
            ),
        ];
        let mut skips = Skips::default();
        let changes = replay_counting(Some(at(0)), "Open", steps, &mut skips);
        assert_eq!(
            states(changes),
            ["Open", "status: doing", "Merged", "Reopened", "In review"]
        );
        let counted: Vec<(&str, &str, u64)> = skips.iter().collect();
        assert_eq!(
            counted,
            [
                ("commented", NOT_A_STATE, 1),
                ("commented", AFTER_FINISH, 1),
                ("labeled", AFTER_FINISH, 1),
                ("reviewed", AFTER_FINISH, 1),
                ("unlabeled", AFTER_FINISH, 1),
            ]
        );
    }
}
