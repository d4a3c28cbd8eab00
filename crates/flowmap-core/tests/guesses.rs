//! The first guesses of state categories against real workflows: the AEA Data Editor's Jira
//! log (`../shared/data/aea-jira`, when present) and the default workflows of Jira, GitHub,
//! GitLab and ServiceNow.

use flowmap_core::{guess_category, StateCategory};
use std::collections::BTreeSet;
use std::path::PathBuf;
use StateCategory::*;

/// Every status of the AEA log with the category its whole name suggests. The README reads
/// "Open" and "Report Under Review" as waiting; here "Open" is New (a ticket's first status,
/// before anyone commits to it) and "Report Under Review" is Active (someone reviews it).
const AEA: &[(&str, StateCategory)] = &[
    ("Open", New),
    ("Assigned", Waiting),
    ("Creating repository", Active),
    ("In Progress", Active),
    ("Writing Report (Part C)", Active),
    ("Report Under Review", Active),
    ("Pre-Approved", Waiting),
    ("Approved", Waiting),
    ("Submitted to MC", Waiting),
    ("Pending publication", Waiting),
    ("Pending openICPSR changes", Waiting),
    ("Assess openICPSR changes", Active),
    ("Pending Article DOI", Waiting),
    ("Request addition of article DOI", Active),
    ("Submitted PandP form", Waiting),
    ("Blocked", Waiting),
    ("Waiting for info", Waiting),
    ("Waiting for external report", Waiting),
    ("Incomplete", Waiting),
    ("Delete NDA data", Active),
    ("Done", Done),
];

/// Common workflow names of Jira, GitHub (issues, pull requests, Projects), GitLab and
/// ServiceNow (incidents and changes), and names that qualify a broad status.
const COMMON: &[(&str, StateCategory)] = &[
    // Jira
    ("To Do", Waiting),
    ("Backlog", Waiting),
    ("Selected for Development", Waiting),
    ("In Progress", Active),
    ("In Development", Active),
    ("Code Review", Active),
    ("In Review", Active),
    ("Ready for QA", Waiting),
    ("Testing", Active),
    ("QA", Active),
    ("Ready for Release", Waiting),
    ("Released", Done),
    ("Resolved", Done),
    ("Closed", Done),
    ("Won't Do", Canceled),
    ("Won’t Fix", Canceled),
    ("Reopened", Active),
    ("Under Review", Active),
    ("Waiting for customer", Waiting),
    ("Waiting for support", Waiting),
    ("Review requested", Waiting),
    ("Cancelled", Canceled),
    ("Completed", Done),
    // Jira Service Management's default workflows
    ("Waiting for Support", Waiting),
    ("Pending", Waiting),
    ("Escalated", Active),
    ("Work in progress", Active),
    ("Awaiting approval", Waiting),
    ("Awaiting implementation", Waiting),
    ("Planning", Active),
    ("Under investigation", Active),
    ("Declined", Canceled),
    ("Won't Do", Canceled),
    // GitHub
    ("open", New),
    ("closed", Done),
    ("merged", Done),
    ("Draft", Active),
    ("Changes requested", Waiting),
    ("Approved", Waiting),
    ("Todo", Waiting),
    ("No Status", New),
    // GitLab
    ("opened", New),
    ("Doing", Active),
    ("workflow::ready for development", Waiting),
    ("workflow::in review", Active),
    // GitLab's scoped workflow labels (the product development flow)
    ("workflow::validation backlog", Waiting),
    ("workflow::problem validation", Active),
    ("workflow::design", Active),
    ("workflow::solution validation", Active),
    ("workflow::planning breakdown", Active),
    ("workflow::refinement", Active),
    ("workflow::scheduling", Waiting),
    ("workflow::in dev", Active),
    ("workflow::blocked", Waiting),
    ("workflow::verification", Active),
    ("workflow::awaiting security release", Waiting),
    ("workflow::staging", Active),
    ("workflow::production", Done),
    ("workflow::complete", Done),
    // ServiceNow (incident, problem and change states)
    ("New", New),
    ("In Progress", Active),
    ("On Hold", Waiting),
    ("Resolved", Done),
    ("Closed", Done),
    ("Root Cause Analysis", Active),
    ("Fix in Progress", Active),
    ("Awaiting Caller", Waiting),
    ("Awaiting User Info", Waiting),
    ("Canceled", Canceled),
    ("Assess", Active),
    ("Authorize", Active),
    ("Scheduled", Waiting),
    ("Implement", Active),
    ("Review", Active),
    // Azure Boards (Agile, Scrum, CMMI processes)
    ("Active", Active),
    ("Committed", Active),
    ("Removed", Canceled),
    // A broad status qualified by a narrower one: the last part decides.
    ("Accepted - Wait - User", Waiting),
    ("Accepted - In Progress", Active),
    ("Accepted", Waiting),
    ("Resolved (Won't Fix)", Canceled),
    ("Done - Waiting for deploy", Waiting),
    ("Peer check", Active),
];

#[test]
fn common_workflow_names_are_guessed_from_the_whole_name() {
    let wrong: Vec<String> = AEA
        .iter()
        .chain(COMMON)
        .filter_map(|(name, want)| {
            let got = guess_category(name);
            (got.category != *want).then(|| {
                format!(
                    "{name:?}: guessed {} ({}), want {want}",
                    got.category, got.reason
                )
            })
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn common_workflow_names_are_known_words() {
    // A name of a tool's default workflow is guessed from a word the rules know, not by the
    // fallback ("no word known → Active"), so the reason shown in the mapping table says why.
    let fallback: Vec<&str> = COMMON
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| *name != "Peer check")
        .filter(|name| guess_category(name).reason.starts_with("no word known"))
        .collect();
    assert!(fallback.is_empty(), "guessed by the fallback: {fallback:?}");
}

#[test]
fn every_guess_says_why() {
    for (name, category, reason) in [
        (
            "Accepted - Wait - User",
            Waiting,
            "‘Wait’ in the name → Waiting",
        ),
        (
            "Accepted - In Progress",
            Active,
            "ends in ‘In Progress’ → Active",
        ),
        ("Accepted", Waiting, "‘Accepted’ → Waiting"),
        (
            "Pending openICPSR changes",
            Waiting,
            "‘Pending’ in the name → Waiting",
        ),
        (
            "Peer check",
            Active,
            "no word known → Active (its time counts; check it)",
        ),
    ] {
        let g = guess_category(name);
        assert_eq!(
            (g.category, g.reason.as_str()),
            (category, reason),
            "{name}"
        );
    }
}

#[test]
fn the_aea_log_has_no_status_the_table_misses() {
    // ../shared beside the project (or beside a folder of worktrees above it).
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let Some(text) = manifest
        .ancestors()
        .map(|d| d.join("shared/data/aea-jira/status_transitions.csv"))
        .find_map(|p| std::fs::read_to_string(p).ok())
    else {
        eprintln!(
            "skipped: no shared/data/aea-jira above {}",
            manifest.display()
        );
        return;
    };
    let mut seen = BTreeSet::new();
    for line in text.lines().skip(1) {
        // ticket,changed_at,from_status,to_status (statuses have no commas or quotes)
        let fields: Vec<&str> = line.split(',').collect();
        for s in &fields[2..] {
            let s = s.trim().trim_matches('"');
            if !s.is_empty() && s != "NA" {
                seen.insert(s.to_string());
            }
        }
    }
    let known: BTreeSet<String> = AEA.iter().map(|(n, _)| n.to_string()).collect();
    let missing: Vec<&String> = seen.difference(&known).collect();
    assert!(
        missing.is_empty(),
        "statuses of the log not in the table: {missing:?}"
    );
    assert!(seen.len() >= 15, "only {} statuses read", seen.len());
}
