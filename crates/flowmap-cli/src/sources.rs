//! `flowmap source`, `flowmap sync`, `flowmap import-log` and `flowmap discover`.

use crate::render::{count, pad, shown};
use crate::sync_report::render_states_and_types;
use clap::{Args, Subcommand};
use flowmap_api::wire::{
    AddSource, DiscoveryProposal, ImportLogOptions, LogColumns, SourceSummary, SyncProgress,
};
use flowmap_api::{ApiError, CancellationToken, ErrorCode, OnProgress, SyncOptions};
use flowmap_core::{SourceKind, UnknownSourceKind};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::fmt::Write;
use std::io::Read;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Args)]
pub struct SourceArgs {
    #[command(subcommand)]
    command: SourceCommand,
}

#[derive(Subcommand)]
enum SourceCommand {
    /// Connect a tool (Jira, GitHub, GitLab, Azure DevOps, Jenkins) to the map; nothing is
    /// fetched until `flowmap sync`. Tokens are read at sync time from FLOWMAP_TOKEN_<NAME>
    /// (and FLOWMAP_USER_<NAME> for basic authentication) or the OS keychain; the map file
    /// never holds them.
    Add {
        file: PathBuf,
        /// jira, github, gitlab, azure-devops or jenkins
        #[arg(long)]
        kind: String,
        /// The server: https://acme.atlassian.net, https://dev.azure.com/org/project, a Jenkins
        /// job's URL… (GitHub and GitLab default to github.com and gitlab.com)
        #[arg(long)]
        url: Option<String>,
        /// Jira: JQL (project = FLOW). GitHub: owner/repo[?labels=PREFIX&parts=issues,pulls,runs,deployments].
        /// GitLab: group/project[?scope=workflow&parts=…]. Azure DevOps: a WIQL condition
        #[arg(long)]
        query: Option<String>,
        /// The map's tool the source belongs to, by name; added to the map when missing
        #[arg(long)]
        tool: String,
        /// The source's name (default: the kind); it names the environment variables too
        #[arg(long)]
        name: Option<String>,
        /// Create the map file (an empty map named after it) when it does not exist
        #[arg(long)]
        create: bool,
        /// Read a token from standard input and store it in the OS keychain
        #[arg(long)]
        token_stdin: bool,
        /// The user that goes with the token for basic authentication (Jira Cloud e-mail,
        /// Jenkins user), stored in the keychain with it
        #[arg(long, requires = "token_stdin")]
        user: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// List the map's sources
    List {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
pub struct SyncArgs {
    file: PathBuf,
    /// Only this source (default: every network source)
    #[arg(long)]
    source: Option<String>,
    /// Requests in flight at once
    #[arg(long, default_value_t = 4)]
    concurrency: usize,
    /// Retries of a request answered with 429 or 5xx
    #[arg(long, default_value_t = 5)]
    retries: u32,
    /// Fetch and report what a sync would store and what it would skip; write nothing
    #[arg(long)]
    dry_run: bool,
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct ImportLogArgs {
    /// The .flowmap file (created, with a map named after the log, when it does not exist)
    file: PathBuf,
    /// An event log: CSV (one row per state change), ActionableAgile CSV, or XES
    log: PathBuf,
    /// csv, actionable-agile or xes (default: guessed from the file)
    #[arg(long)]
    format: Option<String>,
    /// The source's name (default: the log's file name without extension)
    #[arg(long)]
    source: Option<String>,
    /// The map's tool the items come from (default: one named after the source, added when
    /// missing)
    #[arg(long)]
    tool: Option<String>,
    /// Column of the item id (default: guessed from item, key, ticket, case_id, id…)
    #[arg(long)]
    item: Option<String>,
    /// Column of the state entered (default: state, status, to_status, activity…)
    #[arg(long)]
    state: Option<String>,
    /// Column of the time of the change (default: at, timestamp, changed_at, date…)
    #[arg(long)]
    at: Option<String>,
    /// Column of the state left (default: from, from_status, previous_state…, if present)
    #[arg(long)]
    from: Option<String>,
    /// Column of the item's type (default: type, issue_type…, if present)
    #[arg(long = "type")]
    item_type: Option<String>,
    /// Column of the item's title (default: title, summary, name, if present)
    #[arg(long)]
    title: Option<String>,
    /// Column of the item's link (default: link, url, if present)
    #[arg(long)]
    link: Option<String>,
    /// Column of the item's parent's key (default: parent, parent_id, epic…, if present)
    #[arg(long)]
    parent: Option<String>,
    /// Column of the keys it is linked to, each KEY or KIND:KEY (default: links, linked_items,
    /// related…, if present)
    #[arg(long)]
    links: Option<String>,
    /// A CSV with one row per item (id, creation time, initial state, type, title): adds
    /// items that never changed state and the time in their first state
    #[arg(long)]
    items: Option<PathBuf>,
    /// Column of the creation time in --items (default: created, date_created…)
    #[arg(long)]
    created: Option<String>,
    /// Column of the first state in --items (default: initial_state, initial_status…)
    #[arg(long)]
    initial_state: Option<String>,
    /// ActionableAgile: the stage columns in workflow order, comma-separated
    #[arg(long, value_delimiter = ',')]
    stages: Option<Vec<String>>,
    /// One character, or "tab" (default: guessed from the header)
    #[arg(long)]
    delimiter: Option<String>,
    /// The zone of times written without one: UTC, +02:00, Europe/Berlin (default: UTC, and
    /// the import says how many such times it read)
    #[arg(long)]
    tz: Option<String>,
    /// A chrono format for the timestamps, e.g. "%d.%m.%Y %H:%M"
    #[arg(long)]
    time_format: Option<String>,
    /// The artifact type of items without one (default: Item)
    #[arg(long)]
    default_type: Option<String>,
    /// Skip rows that cannot be read, counting them, instead of stopping at the first
    #[arg(long)]
    skip_bad_rows: bool,
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct DiscoverArgs {
    file: PathBuf,
    /// Only the items of this source
    #[arg(long)]
    source: Option<String>,
    /// Keep handoffs made at least this often (default: 1% of the items)
    #[arg(long)]
    min_count: Option<u64>,
    /// Add the proposed stages and handoffs the map lacks to it
    #[arg(long)]
    apply: bool,
    #[arg(long)]
    json: bool,
}

/// A kind of source as given on the command line.
fn source_kind(text: &str) -> Result<SourceKind, ApiError> {
    text.parse()
        .map_err(|e: UnknownSourceKind| ApiError::invalid_argument(e.to_string()))
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).expect("wire types serialize") + "\n"
}

pub fn source(args: SourceArgs) -> Result<String, ApiError> {
    match args.command {
        SourceCommand::Add {
            file,
            kind,
            url,
            query,
            tool,
            name,
            token_stdin,
            user,
            create,
            json: as_json,
        } => {
            if !file.exists() && !create {
                return Err(ApiError::new(
                    ErrorCode::NotFound,
                    format!(
                        "{f} does not exist: create it with `flowmap new {f}`, or add --create",
                        f = file.display()
                    ),
                ));
            }
            // Read the token first: a failed read changes nothing.
            let token = if token_stdin {
                let mut t = String::new();
                std::io::stdin()
                    .read_to_string(&mut t)
                    .map_err(|e| ApiError::new(ErrorCode::Io, format!("standard input: {e}")))?;
                Some(t)
            } else {
                None
            };
            if !file.exists() {
                flowmap_api::create_map(&file, None)?;
            }
            // All or nothing: a token the keychain cannot take leaves the file unchanged.
            let added = flowmap_api::add_source_with_token(
                &file,
                &AddSource {
                    name,
                    kind: source_kind(&kind)?,
                    url,
                    query,
                    tool,
                },
                token.as_deref().map(|t| (user, t)),
            )?;
            let stored = token.is_some();
            if as_json {
                return Ok(json(&added));
            }
            let s = &added.source;
            let mut out = String::new();
            let _ = writeln!(
                out,
                "added source {:?} ({}) to {} for the tool {:?}{}",
                s.name,
                s.kind,
                file.display(),
                s.tool.clone().unwrap_or_default(),
                if added.tool_added {
                    " (new tool added to the map)"
                } else {
                    ""
                }
            );
            if stored {
                let _ = writeln!(out, "stored its token in the OS keychain");
            } else if let Some(v) = &s.token_env_var {
                let _ = writeln!(
                    out,
                    "sync reads its token from {v}, or the OS keychain (`--token-stdin` stores one)"
                );
            }
            let _ = writeln!(out, "next: flowmap sync {}", file.display());
            Ok(out)
        }
        SourceCommand::List {
            file,
            json: as_json,
        } => {
            let list = flowmap_api::list_sources(&file)?;
            if as_json {
                return Ok(json(&list));
            }
            Ok(render_sources(&list))
        }
    }
}

fn render_sources(list: &[SourceSummary]) -> String {
    let mut out = String::new();
    if list.is_empty() {
        out.push_str("no sources: connect one with `flowmap source add` or `flowmap import-log`\n");
        return out;
    }
    for s in list {
        let _ = write!(out, "{}  {}", s.name, s.kind);
        if let Some(t) = &s.tool {
            let _ = write!(out, "  tool {t}");
        }
        let _ = writeln!(out, "  {} items", count(s.items));
        if let Some(u) = &s.url {
            let _ = writeln!(out, "    url    {u}");
        }
        if let Some(q) = &s.query {
            let _ = writeln!(out, "    query  {q}");
        }
        match &s.cursor {
            Some(c) => {
                let _ = writeln!(out, "    synced up to {c}");
            }
            None if s.token_env_var.is_some() => {
                let _ = writeln!(out, "    never synced");
            }
            None => {}
        }
        if let Some(v) = &s.token_env_var {
            let _ = writeln!(out, "    token  ${v} or the OS keychain");
        }
    }
    out
}

/// A progress bar on standard error (hidden when it is not a terminal).
struct Bar {
    bar: ProgressBar,
    phase: Mutex<String>,
}

impl Bar {
    fn new() -> Arc<Bar> {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.enable_steady_tick(Duration::from_millis(120));
        Arc::new(Bar {
            bar,
            phase: Mutex::new(String::new()),
        })
    }

    fn update(&self, p: &SyncProgress) {
        let label = format!("{}: {}", p.source, p.phase);
        let mut phase = self.phase.lock().unwrap_or_else(|e| e.into_inner());
        if *phase != label {
            *phase = label.clone();
            let style = if p.total.is_some() {
                ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len} ({elapsed})")
            } else {
                ProgressStyle::with_template("{spinner} {msg} {pos} ({elapsed})")
            }
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
            self.bar.set_style(style);
            self.bar.set_message(label);
            match p.total {
                Some(t) => self.bar.set_length(t),
                None => self.bar.unset_length(),
            }
        }
        if let Some(t) = p.total {
            self.bar.set_length(t);
        }
        self.bar.set_position(p.fetched);
    }

    fn on_progress(self: &Arc<Self>) -> OnProgress {
        let me = self.clone();
        Arc::new(move |p: &SyncProgress| me.update(p))
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// Cancels the token on Ctrl-C.
fn cancel_on_ctrl_c() -> CancellationToken {
    let token = CancellationToken::new();
    let t = token.clone();
    std::thread::spawn(move || {
        if let Ok(rt) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
            rt.block_on(async {
                if tokio::signal::ctrl_c().await.is_ok() {
                    t.cancel();
                }
            });
        }
    });
    token
}

pub fn sync(args: SyncArgs) -> Result<String, ApiError> {
    let mut options = SyncOptions {
        cancel: cancel_on_ctrl_c(),
        ..SyncOptions::default()
    };
    options.http.concurrency = args.concurrency.max(1);
    options.http.retry.max_retries = args.retries;
    let bar = Bar::new();
    if args.dry_run {
        let result = flowmap_api::dry_run(
            &args.file,
            args.source.as_deref(),
            &options,
            Some(bar.on_progress()),
        );
        bar.finish();
        let report = result?;
        return Ok(if args.json {
            json(&report)
        } else {
            crate::dry_run::render(&report)
        });
    }
    let result = flowmap_api::sync(
        &args.file,
        args.source.as_deref(),
        &options,
        Some(bar.on_progress()),
    );
    bar.finish();
    let report = result?;
    if args.json {
        return Ok(json(&report));
    }
    let mut out = String::new();
    for r in &report.sources {
        let _ = writeln!(
            out,
            "synced {:?} ({}): {} items fetched, {} new transitions in {}",
            r.source,
            r.kind,
            count(r.items_fetched),
            count(r.transitions_added),
            seconds(r.millis)
        );
        render_states_and_types(&mut out, r);
    }
    Ok(out)
}

pub fn import_log(args: ImportLogArgs) -> Result<String, ApiError> {
    let options = ImportLogOptions {
        format: args.format.as_deref().map(source_kind).transpose()?,
        source: args.source,
        tool: args.tool,
        columns: LogColumns {
            item: args.item,
            state: args.state,
            at: args.at,
            from: args.from,
            item_type: args.item_type,
            title: args.title,
            link: args.link,
            parent: args.parent,
            links: args.links,
        },
        items_file: args.items.map(|p| p.to_string_lossy().into_owned()),
        created_column: args.created,
        initial_state_column: args.initial_state,
        stages: args.stages,
        delimiter: args.delimiter,
        tz: args.tz,
        time_format: args.time_format,
        default_type: args.default_type,
        skip_bad_rows: args.skip_bad_rows,
    };
    let bar = Bar::new();
    let result = flowmap_api::import_log(&args.file, &args.log, &options, Some(bar.on_progress()));
    bar.finish();
    let r = result?;
    if args.json {
        return Ok(json(&r));
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "imported {} into {} as source {:?} ({}): {} records, {} items, {} new transitions in {}",
        args.log.display(),
        args.file.display(),
        r.source,
        r.kind,
        count(r.records),
        count(r.items_fetched),
        count(r.transitions_added),
        seconds(r.millis)
    );
    render_states_and_types(&mut out, &r);
    Ok(out)
}

fn seconds(millis: u64) -> String {
    format!("{:.1} s", millis as f64 / 1000.0)
}

pub fn discover(args: DiscoverArgs) -> Result<String, ApiError> {
    let p = flowmap_api::discover(
        &args.file,
        args.source.as_deref(),
        args.min_count,
        args.apply,
    )?;
    if args.json {
        return Ok(json(&p));
    }
    Ok(render_discovery(&p))
}

fn render_discovery(p: &DiscoveryProposal) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "proposed from {} items of {}:",
        count(p.items),
        if p.sources.is_empty() {
            "no source".to_string()
        } else {
            p.sources.join(", ")
        }
    );
    let _ = writeln!(out, "stages in flow order ({}):", p.stages.len());
    let names: Vec<String> = p.stages.iter().map(|s| shown(&s.name)).collect();
    let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    for (i, s) in p.stages.iter().enumerate() {
        let states = if s.states.len() == 1 && s.states[0] == s.name {
            String::new()
        } else {
            let states: Vec<String> = s.states.iter().map(|s| shown(s)).collect();
            format!("  states {}", states.join(", "))
        };
        let _ = writeln!(
            out,
            "  {:>2}. {}  {:<7}  {:>6} items{}{}",
            i + 1,
            pad(&names[i], width),
            s.category.as_str(),
            count(s.items),
            states,
            if s.existing.is_some() {
                "  (on the map)"
            } else {
                ""
            }
        );
    }
    for (title, rework) in [("handoffs", false), ("rework loops", true)] {
        let listed: Vec<_> = p.handoffs.iter().filter(|h| h.rework == rework).collect();
        let _ = writeln!(out, "{title} ({}):", listed.len());
        for h in listed {
            let _ = writeln!(
                out,
                "  {} → {}  {}",
                shown(&h.from),
                shown(&h.to),
                count(h.count)
            );
        }
    }
    let _ = writeln!(
        out,
        "backward moves: {} of {} item moves ({}) go against this order ({}; the greedy order left {})",
        count(p.moves_backward),
        count(p.moves_between),
        p.backward_share
            .map_or("–".to_string(), |s| format!("{:.1} %", s * 100.0)),
        if p.order_method == "exact" {
            "the exact minimum"
        } else {
            "greedy order improved by local search: over 22 stages"
        },
        count(p.greedy_moves_backward),
    );
    if p.rare_handoffs > 0 {
        let _ = writeln!(
            out,
            "left out {} moves made fewer than {} times (--min-count)",
            p.rare_handoffs, p.min_count
        );
    }
    if !p.left_out.is_empty() {
        let _ = writeln!(
            out,
            "not stages (New, Done, Canceled or Ignore): {}",
            p.left_out.join(", ")
        );
    }
    if p.applied {
        let _ = writeln!(
            out,
            "added {} stages and {} handoffs to the map",
            p.stages_added, p.handoffs_added
        );
    } else {
        let _ = writeln!(
            out,
            "keep, merge or drop them in the app, or add them with --apply"
        );
    }
    out
}
