//! The first guess of a workflow state's category from its whole name, with its reason.
//!
//! A name is read as parts ("Accepted - Wait - User": "Accepted", "Wait", "User"), split at
//! spaced dashes, colons, slashes, bars and brackets; the *last* part that holds a known word
//! decides, as workflows qualify a broad status with the narrower one after it ("Accepted - In
//! Progress" is being worked on). Within a part, words are compared whole ("Pending openICPSR
//! changes" is not "open"), and the categories are tried in the order canceled, waiting, done,
//! active, new. A name with no known word is Active: its time counts and, until a stage claims
//! it, shows as unmapped. `docs/metrics.md` ("The category guess") lists the words; keep it true.

use crate::mapping::StateCategory;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A guessed category and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Guess {
    pub category: StateCategory,
    /// In words, e.g. "‘Wait’ in the name → Waiting".
    pub reason: String,
}

/// Keywords per category, in the order they are tried within a part. A keyword ending in `*`
/// matches any word it starts; several words match in a row.
const RULES: &[(StateCategory, &[&str])] = &[
    (
        StateCategory::Canceled,
        &[
            "cancel*",
            "won't",
            "wont",
            "rejected",
            "declined",
            "abandon*",
            "duplicate",
            "obsolete",
            "invalid",
            "discarded",
            "withdrawn",
            "removed",
        ],
    ),
    (
        StateCategory::Waiting,
        &[
            "waiting",
            "wait",
            "blocked",
            "pending",
            "on hold",
            "hold",
            "ready for",
            "ready to",
            "ready",
            "to do",
            "todo",
            "awaiting",
            "review requested",
            "changes requested",
            "queue*",
            "backlog",
            "selected for",
            "approved",
            "pre approved",
            "assigned",
            "parked",
            "submitted",
            "incomplete",
            "schedul*",
            "accepted",
            "paused",
            "deferred",
            "stalled",
        ],
    ),
    (
        StateCategory::Done,
        &[
            "done",
            "closed",
            "resolved",
            "released",
            "deployed",
            "complete*",
            "merged",
            "shipped",
            "finished",
            "live",
            "fixed",
            "delivered",
            "published",
            "production",
        ],
    ),
    (
        StateCategory::Active,
        &[
            "in progress",
            "progress",
            "doing",
            "develop*",
            "implement*",
            "review*",
            "test*",
            "qa",
            "build*",
            "writing",
            "creating",
            "analys*",
            "analyz*",
            "design*",
            "investigat*",
            "assess*",
            "working",
            "fix*",
            "reopen*",
            "deploying",
            "coding",
            "verif*",
            "validat*",
            "request*",
            "delete",
            "authorize",
            "work",
            "draft*",
            "escalat*",
            "planning",
            "refine*",
            "dev",
            "staging",
            "committed",
            "active",
        ],
    ),
    (
        StateCategory::New,
        &[
            "new",
            "open",
            "opened",
            "proposed",
            "idea*",
            "funnel",
            "triage",
            "created",
            "no status",
        ],
    ),
];

/// The words of a part, lower-cased.
fn words(part: &str) -> Vec<String> {
    part.to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .map(|w| w.replace('’', "'"))
        .collect()
}

/// The part's words that a keyword matches, as the name wrote them.
fn find(words: &[String], key: &str) -> Option<(usize, usize)> {
    let parts: Vec<&str> = key.split(' ').collect();
    let matches = |key: &str, word: &str| match key.strip_suffix('*') {
        Some(stem) => word.starts_with(stem),
        None => word == key,
    };
    words
        .windows(parts.len())
        .position(|w| w.iter().zip(&parts).all(|(word, part)| matches(part, word)))
        .map(|at| (at, parts.len()))
}

/// The parts of a name, split at spaced dashes, colons, slashes, bars and brackets.
fn parts(name: &str) -> Vec<&str> {
    name.split([':', '/', '|', '(', ')', '[', ']', '–', '—'])
        .flat_map(|p| p.split(" - "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// The category a state's name suggests, and why (see the module's documentation).
pub fn guess_category(name: &str) -> Guess {
    let all = parts(name);
    for (i, part) in all.iter().enumerate().rev() {
        let ws = words(part);
        for (category, keys) in RULES {
            let Some((at, len)) = keys.iter().find_map(|k| find(&ws, k)) else {
                continue;
            };
            let original: Vec<&str> = part
                .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
                .filter(|w| !w.is_empty())
                .collect();
            let said = original[at..at + len].join(" ");
            let reason = if all.len() > 1 && i == all.len() - 1 {
                format!("ends in ‘{said}’ → {category}")
            } else if all.len() == 1 && ws.len() == len {
                format!("‘{said}’ → {category}")
            } else {
                format!("‘{said}’ in the name → {category}")
            };
            return Guess {
                category: *category,
                reason,
            };
        }
    }
    Guess {
        category: StateCategory::Active,
        reason: "no word known → Active (its time counts; check it)".to_string(),
    }
}
