//! Long work (an import, the count of a large log) run off the command thread as a job: started,
//! it gets an id at once; the window polls its status (the same in the app and over HTTP, no
//! events) and may cancel it. The work sees its job through a [`JobHandle`]: progress to report,
//! a token to stop on. One job that writes runs at a time; jobs that only read run beside it.

use crate::error::{ApiError, ErrorCode};
use crate::wire::{
    DryRunReport, ImportSummary, JobState, JobStatus, SourceSyncReport, SyncProgress, SyncReport,
};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use tokio_util::sync::CancellationToken;

/// The jobs a backend has started, finished ones included (they are small).
#[derive(Default)]
pub struct Jobs {
    jobs: Mutex<Vec<Arc<Job>>>,
}

struct Job {
    cancel: CancellationToken,
    status: Mutex<JobStatus>,
    /// Whether the job writes to the map's file.
    writes: bool,
    /// Set when a job that wrote to the file has ended and the session has not followed it yet.
    wrote: AtomicBool,
}

/// What a job ends with: the report of an import, of a sync or of a sync's dry run, or the
/// summary of a log it read.
pub enum JobOutput {
    Import(SourceSyncReport),
    Sync(SyncReport),
    Summary(ImportSummary),
    DryRun(DryRunReport),
}

impl Job {
    fn status(&self) -> JobStatus {
        self.status
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn update(&self, f: impl FnOnce(&mut JobStatus)) {
        f(&mut self.status.lock().unwrap_or_else(PoisonError::into_inner));
    }
}

/// What running work sees of its job.
#[derive(Clone)]
pub struct JobHandle(Arc<Job>);

impl JobHandle {
    /// Reports `done` of `total` in `phase`.
    pub fn progress(&self, phase: &str, done: u64, total: Option<u64>) {
        self.0.update(|s| {
            if s.phase != phase {
                s.phase = phase.to_string();
            }
            s.done = done;
            s.total = total;
        });
    }

    /// Reports how far a sync has come with one source (its bar in the window).
    pub fn source_progress(&self, p: &SyncProgress) {
        self.0.update(|s| {
            match s.sources.iter_mut().find(|e| e.source == p.source) {
                Some(e) => *e = p.clone(),
                None => s.sources.push(p.clone()),
            }
            s.phase = p.phase.clone();
            s.done = p.fetched;
            s.total = p.total;
        });
    }

    /// Cancelled once the user cancels the job.
    pub fn cancel_token(&self) -> &CancellationToken {
        &self.0.cancel
    }
}

impl From<SourceSyncReport> for JobOutput {
    fn from(r: SourceSyncReport) -> Self {
        JobOutput::Import(r)
    }
}

type Work = Box<dyn FnOnce(&JobHandle) -> Result<JobOutput, ApiError> + Send>;

impl Jobs {
    /// Runs `work`, which writes to the map's file, on a thread of its own and returns the
    /// job's id at once. One such job runs at a time: starting another while one runs is
    /// refused.
    pub fn start(&self, what: String, work: Work) -> Result<u32, ApiError> {
        self.spawn(what, true, work)
    }

    /// Runs `work`, which only reads, on a thread of its own and returns the job's id at once.
    pub fn start_reading(&self, what: String, work: Work) -> Result<u32, ApiError> {
        self.spawn(what, false, work)
    }

    fn spawn(&self, what: String, writes: bool, work: Work) -> Result<u32, ApiError> {
        let mut jobs = self.jobs.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(running) = jobs
            .iter()
            .filter(|j| writes && j.writes)
            .map(|j| j.status())
            .find(|s| s.state == JobState::Running)
        {
            return Err(ApiError::invalid_argument(format!(
                "{} is still running: wait for it or cancel it first",
                running.what
            )));
        }
        let id = jobs.len() as u32 + 1;
        let job = Arc::new(Job {
            cancel: CancellationToken::new(),
            status: Mutex::new(JobStatus {
                id,
                what,
                state: JobState::Running,
                phase: "starting".into(),
                done: 0,
                total: None,
                report: None,
                sources: Vec::new(),
                sync: None,
                summary: None,
                dry_run: None,
                error: None,
            }),
            writes,
            wrote: AtomicBool::new(false),
        });
        jobs.push(Arc::clone(&job));
        let handle = JobHandle(Arc::clone(&job));
        std::thread::Builder::new()
            .name(format!("flowmap-job-{id}"))
            .spawn(move || {
                let outcome =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&handle)))
                        .unwrap_or_else(|_| {
                            Err(ApiError::new(ErrorCode::Internal, "the job crashed"))
                        });
                let job = &handle.0;
                if outcome.is_ok() && job.writes {
                    job.wrote.store(true, Ordering::SeqCst);
                }
                job.update(|s| match outcome {
                    Ok(output) => {
                        s.state = JobState::Finished;
                        s.phase = "done".into();
                        match output {
                            JobOutput::Import(report) => s.report = Some(report),
                            JobOutput::Sync(report) => s.sync = Some(report),
                            JobOutput::Summary(summary) => s.summary = Some(summary),
                            JobOutput::DryRun(report) => s.dry_run = Some(report),
                        }
                    }
                    Err(e) => {
                        s.state = if e.code == ErrorCode::Cancelled {
                            JobState::Cancelled
                        } else {
                            JobState::Failed
                        };
                        s.error = Some(e);
                    }
                });
            })
            .map_err(|e| ApiError::new(ErrorCode::Internal, format!("cannot start a job: {e}")))?;
        Ok(id)
    }

    fn job(&self, id: u32) -> Result<Arc<Job>, ApiError> {
        let jobs = self.jobs.lock().unwrap_or_else(PoisonError::into_inner);
        (id as usize)
            .checked_sub(1)
            .and_then(|i| jobs.get(i))
            .cloned()
            .ok_or_else(|| ApiError::new(ErrorCode::NotFound, format!("there is no job {id}")))
    }

    pub fn status(&self, id: u32) -> Result<JobStatus, ApiError> {
        Ok(self.job(id)?.status())
    }

    /// Asks the job to stop; its writes are rolled back. A job that has ended is left as it is.
    pub fn cancel(&self, id: u32) -> Result<JobStatus, ApiError> {
        let job = self.job(id)?;
        job.cancel.cancel();
        Ok(job.status())
    }

    /// Whether job `id` has ended after writing to the file, the first time it is asked.
    pub fn take_written(&self, id: u32) -> bool {
        self.job(id)
            .map(|j| j.wrote.swap(false, Ordering::SeqCst))
            .unwrap_or(false)
    }
}
