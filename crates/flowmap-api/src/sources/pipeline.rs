//! The two threads of a log import: a reading thread parses the log and prepares the file's
//! items while this one writes them, batches passing over a bounded channel.

use super::import_log::counts_of;
use super::log_columns::LogColumns;
use super::prepared::{Prepared, PreparedText, StateIds};
use super::writer::{ItemWriter, Told};
use crate::error::{ApiError, ErrorCode};
use flowmap_connectors::{ConnectorError, ItemSink, LogItem, Pulled, SourceItem};
use flowmap_metrics::Dataset;
use flowmap_store::{Counts, DataWriter, StoreError};
use std::sync::mpsc::{channel, sync_channel, Receiver, SyncSender};
use tokio_util::sync::CancellationToken;

/// Prepares pulled items in the reading thread and hands them to the writing thread in
/// batches; batches come back to be dropped here, so memory is freed by the thread that
/// allocated it (freeing across threads contends for the allocator's locks).
struct ChannelSink<'w> {
    prepare: &'w mut ItemWriter,
    tx: SyncSender<Batch>,
    used: Receiver<Batch>,
    batch: Batch,
    /// States named in batches sent so far.
    states_sent: usize,
    /// The writer's index of each state index of the log reader ([`LogItem::states`]).
    log_states: Vec<u32>,
    cancel: &'w CancellationToken,
    /// The engine's columns of the items sent, kept here rather than by the writing thread.
    columns: LogColumns,
    /// Reused for each log item's changes.
    changes: Vec<(i64, Option<u32>, u32)>,
}

/// Prepared items, their text and changes, and the names of the states they name that earlier
/// batches did not (the writing thread resolves each state's id once).
#[derive(Default)]
struct Batch {
    new_states: Vec<String>,
    items: Vec<Prepared>,
    text: PreparedText,
}

const BATCH: usize = 2048;
/// Batches sent and not yet written, at most.
const QUEUE: usize = 32;

impl ItemSink for ChannelSink<'_> {
    fn item(&mut self, item: SourceItem) -> Result<(), ConnectorError> {
        if self.cancel.is_cancelled() {
            return Err(ConnectorError::Cancelled);
        }
        let prepared = self.prepare.prepare(item, &mut self.batch.text);
        self.push(prepared)
    }

    fn log_item(&mut self, item: LogItem<'_>) -> Result<(), ConnectorError> {
        if self.cancel.is_cancelled() {
            return Err(ConnectorError::Cancelled);
        }
        for name in &item.states[self.log_states.len()..] {
            self.log_states.push(self.prepare.state(name));
        }
        let states = &self.log_states;
        self.changes.clear();
        self.changes.extend(item.changes.iter().map(|c| {
            let from = c.from.map(|f| states[f as usize]);
            (c.at_ns.div_euclid(1_000_000), from, states[c.to as usize])
        }));
        let told = Told {
            key: item.key,
            title: item.title,
            artifact_type: item.artifact_type,
            created_ms: None,
            links: item.links,
        };
        let prepared = self
            .prepare
            .prepare_told(&told, &mut self.changes, &mut self.batch.text);
        self.push(prepared)
    }
}

impl ChannelSink<'_> {
    fn push(&mut self, prepared: Option<Prepared>) -> Result<(), ConnectorError> {
        if let Some(prepared) = prepared {
            self.columns
                .add(&prepared, &self.batch.text, self.prepare.state_names());
            self.batch.items.push(prepared);
            if self.batch.items.len() >= BATCH {
                self.flush()?;
            }
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), ConnectorError> {
        // Free what the writer is done with here, and reuse one of its vectors.
        let mut spare = None;
        while let Ok(mut used) = self.used.try_recv() {
            used.items.clear();
            used.new_states.clear();
            used.text.clear();
            spare = Some(used);
        }
        if self.batch.items.is_empty() {
            return Ok(());
        }
        let next = spare.unwrap_or_else(|| Batch {
            new_states: Vec::new(),
            items: Vec::with_capacity(BATCH),
            text: PreparedText::default(),
        });
        let mut batch = std::mem::replace(&mut self.batch, next);
        let names = self.prepare.state_names();
        batch
            .new_states
            .extend_from_slice(&names[self.states_sent..]);
        self.states_sent = names.len();
        self.tx
            .send(batch)
            .map_err(|_| ConnectorError::Sink("the writer stopped".into()))
    }
}

/// What a pipeline read and wrote.
pub(super) struct Streamed {
    pub pulled: Pulled,
    /// The engine's columns of the items written (new rows, in row order), built by the
    /// reading thread; `None` when they could not be built.
    pub columns: Option<Columns>,
    /// Whether an item the file held before was written to (updated, or given more
    /// transitions): the columns then do not say what the file holds for it.
    pub changed_old_items: bool,
}

/// The engine's columns of the items a pipeline wrote.
pub(super) enum Columns {
    /// To be appended to the columns of what the file held before.
    Built(Box<Dataset>),
    /// The file held no items before: these are its columns, counted and encoded already.
    Encoded { counts: Counts, body: Vec<u8> },
}

/// What stopped a pipeline: writing to the file, or reading the log.
pub(super) enum Stopped {
    Write(StoreError),
    Read(ApiError),
}

/// Runs `read` in a reading thread, where `prepare` turns each item it gives into the file's
/// item and transitions (and keeps their columns for the snapshot), and writes those to `w` in
/// this thread; `written` is told how many items are written after each batch. Reading stops
/// once `cancel` is cancelled.
pub(super) fn stream(
    read: impl FnOnce(&mut dyn ItemSink) -> Result<Pulled, ApiError> + Send,
    cancel: &CancellationToken,
    prepare: &mut ItemWriter,
    w: &mut DataWriter<'_>,
    mut written: impl FnMut(u64),
) -> Result<Streamed, Stopped> {
    let source = prepare.source().to_string();
    let source = source.as_str();
    let rows_before = w.last_item_row().map_err(Stopped::Write)?;
    std::thread::scope(|s| {
        // Deep enough (about 0.4 s of the writing thread's work at 32 batches of 2,048 items) for
        // the reading thread to build the columns while the writing thread drains the queue.
        let (tx, rx) = sync_channel::<Batch>(QUEUE);
        let (give_back, used) = channel::<Batch>();
        let reading = s.spawn(move || {
            let mut sink = ChannelSink {
                prepare,
                tx,
                used,
                batch: Batch {
                    new_states: Vec::new(),
                    items: Vec::with_capacity(BATCH),
                    text: PreparedText::default(),
                },
                states_sent: 0,
                log_states: Vec::new(),
                cancel,
                columns: LogColumns::new(source),
                changes: Vec::new(),
            };
            let pulled = read(&mut sink)?;
            sink.flush()?;
            drop(sink.tx);
            // Built (and encoded, when they are the file's whole columns) while the writing
            // thread writes the last batches.
            let columns = sink.columns.finish(sink.prepare.state_names());
            let columns = columns.map(|data| match rows_before {
                0 => Columns::Encoded {
                    counts: counts_of(&data),
                    body: data.encode(),
                },
                _ => Columns::Built(Box::new(data)),
            });
            // Drop what the writer gives back until it is done.
            for used in sink.used.iter() {
                drop(used);
            }
            Ok::<_, ApiError>((pulled, columns))
        });
        let mut count = 0u64;
        let mut store_error = None;
        let mut states = StateIds::default();
        let mut changed_old_items = false;
        for batch in rx.iter() {
            if let Err(e) = states.add(w, &batch.new_states) {
                store_error = Some(e);
            }
            if store_error.is_none() && rows_before == 0 {
                // Nothing stored before: no item of the batch can be there already.
                match states.write_into_empty(w, source, &batch.items, &batch.text) {
                    Ok(()) => count += batch.items.len() as u64,
                    Err(e) => store_error = Some(e),
                }
            } else {
                for item in batch.items.iter().take_while(|_| store_error.is_none()) {
                    match states.write(w, source, item, &batch.text) {
                        Ok(row) => changed_old_items |= row <= rows_before,
                        Err(e) => {
                            store_error = Some(e);
                            break;
                        }
                    }
                    count += 1;
                }
            }
            let _ = give_back.send(batch);
            if store_error.is_some() {
                break;
            }
            written(count);
        }
        drop(rx);
        drop(give_back);
        let read = reading
            .join()
            .unwrap_or_else(|_| Err(ApiError::new(ErrorCode::Internal, "the log reader crashed")));
        match (store_error, read) {
            (Some(e), _) => Err(Stopped::Write(e)),
            (None, Err(e)) => Err(Stopped::Read(e)),
            (None, Ok((pulled, columns))) => Ok(Streamed {
                pulled,
                columns,
                changed_old_items,
            }),
        }
    })
}
