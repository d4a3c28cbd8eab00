//! Value buffers kept from one compute to the next on the same thread: the per-stage vectors of
//! whole seconds (`stages`, `stage_metrics`) and the waits after each handoff (`handoffs`) hold
//! a value per item and stage, tens of megabytes at a million items; flow times (`flow_time`),
//! flow efficiencies (`efficiency`) and completions (`velocity`) one per item. Allocated
//! afresh, every page of them is a page fault and a page the kernel zeroes on each compute;
//! kept, the next compute writes into pages already mapped. What a buffer held is cleared
//! before it is handed out, so no figure depends on it.

use flowmap_core::FlowItemType;
use std::cell::RefCell;
use std::thread::LocalKey;

/// At most this many bytes of whole-second buffers are kept per thread.
const KEPT_BYTES: usize = 160 << 20;
/// At most this many bytes of each other kind.
const KEPT_OTHER_BYTES: usize = 32 << 20;

type Pool<T> = RefCell<Vec<Vec<T>>>;

/// A kind of value whose buffers are kept: its pool and how many bytes it may keep.
pub(crate) trait Kept: Sized + 'static {
    const POOL: &'static LocalKey<Pool<Self>>;
    const BYTES: usize;
}

thread_local! {
    static SECS: Pool<u32> = const { RefCell::new(Vec::new()) };
    static MILLIS: Pool<i64> = const { RefCell::new(Vec::new()) };
    static RATIOS: Pool<f64> = const { RefCell::new(Vec::new()) };
    static DONE: Pool<(i64, FlowItemType)> = const { RefCell::new(Vec::new()) };
}

impl Kept for u32 {
    const POOL: &'static LocalKey<Pool<Self>> = &SECS;
    const BYTES: usize = KEPT_BYTES;
}

impl Kept for i64 {
    const POOL: &'static LocalKey<Pool<Self>> = &MILLIS;
    const BYTES: usize = KEPT_OTHER_BYTES;
}

impl Kept for f64 {
    const POOL: &'static LocalKey<Pool<Self>> = &RATIOS;
    const BYTES: usize = KEPT_OTHER_BYTES;
}

impl Kept for (i64, FlowItemType) {
    const POOL: &'static LocalKey<Pool<Self>> = &DONE;
    const BYTES: usize = KEPT_OTHER_BYTES;
}

/// An empty buffer with room for `capacity` values.
pub(crate) fn take<T: Kept>(capacity: usize) -> Vec<T> {
    let mut v = T::POOL.with(|s| s.borrow_mut().pop()).unwrap_or_default();
    v.clear();
    v.reserve(capacity);
    v
}

/// Keeps `v` for a later [`take`], unless it has no room or the thread keeps enough already.
pub(crate) fn give<T: Kept>(v: Vec<T>) {
    if v.capacity() == 0 {
        return;
    }
    let size = std::mem::size_of::<T>();
    T::POOL.with(|s| {
        let mut s = s.borrow_mut();
        let kept: usize = s.iter().map(|b| b.capacity() * size).sum();
        if kept + v.capacity() * size <= T::BYTES {
            s.push(v);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_buffer_comes_back_empty_with_room() {
        let mut v = take::<u32>(10);
        v.extend([1, 2, 3]);
        give(v);
        let v = take::<u32>(100);
        assert!(v.is_empty() && v.capacity() >= 100);
        // Beyond the bound, a buffer is dropped rather than kept.
        give(Vec::<u32>::with_capacity(KEPT_BYTES));
        assert!(SECS.with(|s| s.borrow().iter().all(|b| b.capacity() < KEPT_BYTES)));
        // Each kind of value has its own buffers.
        let mut f = take::<f64>(0);
        f.push(0.5);
        give(f);
        assert!(take::<i64>(0).is_empty());
        assert!(take::<f64>(0).capacity() >= 1);
    }
}
