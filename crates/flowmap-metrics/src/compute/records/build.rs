//! Building the records: each ended item's whole history walked once through the same tallies
//! the figures use (`StageTally`, `HandoffWalk`, the unmapped states' time).

use super::*;

/// What building reuses from item to item.
pub(super) struct Builder {
    intervals: Vec<Interval>,
    tally: StageTally,
    handoffs: HandoffWalk,
    /// The current item's handoff waits (from, to, ms), in the order they end.
    closed: Vec<(usize, usize, i64)>,
    /// The current item's time per unmapped state (key, ms), in the order first met.
    unmapped: Vec<(u32, i64)>,
}

/// Feeds an item's counted intervals to the same tallies the figures use.
struct Recorder<'b> {
    tally: &'b mut StageTally,
    handoffs: &'b mut HandoffWalk,
    closed: &'b mut Vec<(usize, usize, i64)>,
    unmapped: &'b mut Vec<(u32, i64)>,
}

impl Accumulator for Recorder<'_> {
    fn interval(&mut self, _item: &Item, step: &Step) {
        self.tally.step(step);
        let closed = &mut *self.closed;
        self.handoffs
            .step(step, |from, to, wait| closed.push((from, to, wait)));
        if step.stage.is_none() && is_flow(step.category) {
            match self.unmapped.iter_mut().find(|(k, _)| *k == step.key) {
                Some((_, ms)) => *ms += step.len,
                None => self.unmapped.push((step.key, step.len)),
            }
        }
    }
}

impl Builder {
    pub(super) fn new(n_stages: usize) -> Self {
        Builder {
            intervals: Vec::new(),
            tally: StageTally::new(n_stages),
            handoffs: HandoffWalk::default(),
            closed: Vec::new(),
            unmapped: Vec::new(),
        }
    }

    /// Item `i`'s record, its stage, handoff, run and unmapped records pushed to `out`;
    /// `None` when it keeps none (`out` may then hold some of its records: the caller drops
    /// them).
    pub(super) fn record(
        &mut self,
        data: &Dataset,
        places: &Places,
        i: usize,
        out: &mut Records,
    ) -> Option<ItemRecord> {
        let (a, b) = (data.offsets[i] as usize, data.offsets[i + 1] as usize);
        if a == b || b - a >= CREATED as usize {
            return None;
        }
        let kind = match places.0[data.to[b - 1] as usize].0 {
            StateCategory::Done => DONE,
            StateCategory::Canceled => CANCELED,
            _ => return None,
        };
        // Every change, the last one at `now`: its interval (Done or Canceled) is empty.
        walk::intervals_of(data, places, i, data.at[b - 1], &mut self.intervals);
        let ivs = &self.intervals;
        // Whether the first interval is the one from the item's creation.
        let prior = ivs.len() > b - a;
        let instant = |k: usize| match (prior, k) {
            (true, 0) => CREATED,
            (true, k) => (k - 1) as u16,
            (false, k) => k as u16,
        };
        let (ws, end) = walk::end_ix(ivs);
        let (end_k, _) = end?;
        if let Some(ws) = ws {
            push_runs(ivs, ivs[ws].start, instant, &mut out.runs);
        }
        // The counted intervals, as a `completed` window counts them.
        let item = Item {
            ix: i as ItemIx,
            flow_item_type: data.item_type[i],
            intervals: ivs,
            work_start: None,
            completed_at: None,
            completed_in_window: false,
            canceled_in_window: false,
            in_flight: false,
            in_scope: true,
        };
        let mut recorder = Recorder {
            tally: &mut self.tally,
            handoffs: &mut self.handoffs,
            closed: &mut self.closed,
            unmapped: &mut self.unmapped,
        };
        walk::visit(&item, &Window::whole_history(), &mut recorder);
        let closed = &mut self.closed;
        self.handoffs
            .end(|from, to, wait| closed.push((from, to, wait)));
        let mut ok = true;
        let at = &data.at[a..b];
        let created = data.item_created[i];
        self.tally
            .drain(|s, t| match stage_record(s, t, at, prior, created) {
                Some(r) => out.stages.push(r),
                None => ok = false,
            });
        for (from, to, wait) in self.closed.drain(..) {
            let secs = crate::stats::to_secs(wait);
            out.handoffs.push(HandoffRecord::new(from, to, secs));
        }
        for (key, ms) in self.unmapped.drain(..) {
            out.unmapped.push(UnmappedRecord { ms, key });
        }
        ok.then_some(ItemRecord {
            work_start: ws.map_or(NONE, instant),
            end_at: instant(end_k),
            kind,
            ..ItemRecord::default()
        })
    }
}

/// The runs of intervals in progress (from the work start `ws` on, not Done or Canceled), one
/// per stretch of adjacent intervals in the same stage (or none), as the walk's `visit` feeds
/// them one by one.
fn push_runs(ivs: &[Interval], ws: i64, instant: impl Fn(usize) -> u16, out: &mut Vec<Run>) {
    // (first interval, interval after the last, stage)
    let mut open: Option<(usize, usize, Option<usize>)> = None;
    let mut close = |run: Option<(usize, usize, Option<usize>)>| {
        if let Some((s, e, stage)) = run {
            out.push(Run {
                start: instant(s),
                end: instant(e),
                stage: stage.map_or(NO_STAGE, |s| s as u8),
            });
        }
    };
    for (k, iv) in ivs.iter().enumerate() {
        if iv.start < ws || is_end(iv.category) {
            continue;
        }
        match &mut open {
            Some((_, e, stage)) if *e == k && *stage == iv.stage() => *e = k + 1,
            _ => close(open.replace((k, k + 1, iv.stage()))),
        }
    }
    // The last interval is Done or Canceled, so a run always ends at the start of another.
    close(open);
}

/// Stage `s`'s tally as a record; `None` when it does not fit.
fn stage_record(s: usize, t: &Tally, at: &[i64], prior: bool, created: i64) -> Option<StageRecord> {
    if !(0..MS_LIMIT).contains(&t.wait) || !(0..MS_LIMIT).contains(&t.active) {
        return None;
    }
    let last_exit = match t.last_exit {
        None => NONE,
        Some(x) => {
            let j = at.partition_point(|v| *v < x);
            if j < at.len() && at[j] == x {
                j as u16
            } else if prior && created == x {
                CREATED
            } else {
                return None;
            }
        }
    };
    let bit = |on: bool, b: u8| if on { b } else { 0 };
    Some(StageRecord {
        wait: halves(t.wait as u32),
        active: halves(t.active as u32),
        high: ((t.wait >> 32) as u16) | ((t.active >> 32) as u16) << 8,
        last_exit,
        stage: s as u8,
        flags: bit(t.in_window, IN_WINDOW)
            | bit(t.entries > 1, REENTERED)
            | bit(t.exits > 0, EXITED)
            | bit(t.first_exit_forward.is_some(), FIRST_EXIT_KNOWN)
            | bit(t.first_exit_forward == Some(true), FIRST_EXIT_FORWARD)
            | bit(t.forward_exits_in_window > 0, FORWARD_EXIT),
    })
}
