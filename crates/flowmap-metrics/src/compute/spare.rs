//! Value buffers kept from one compute to the next on the same thread: the per-stage vectors of
//! whole seconds (`stages`, `stage_metrics`) and the waits after each handoff (`handoffs`) hold a value per item and stage, tens of megabytes
//! at a million items. Allocated afresh, every page of them is a page fault and a page the
//! kernel zeroes on each compute; kept, the next compute writes into pages already mapped.
//! What a buffer held is cleared before it is handed out, so no figure depends on it.

use std::cell::RefCell;

/// At most this many bytes of buffers are kept per thread.
const KEPT_BYTES: usize = 160 << 20;

thread_local! {
    static SPARE: RefCell<Vec<Vec<u32>>> = const { RefCell::new(Vec::new()) };
}

/// An empty buffer with room for `capacity` values.
pub(crate) fn take(capacity: usize) -> Vec<u32> {
    let mut v = SPARE.with(|s| s.borrow_mut().pop()).unwrap_or_default();
    v.clear();
    v.reserve(capacity);
    v
}

/// Keeps `v` for a later [`take`], unless it has no room or the thread keeps enough already.
pub(crate) fn give(v: Vec<u32>) {
    if v.capacity() == 0 {
        return;
    }
    SPARE.with(|s| {
        let mut s = s.borrow_mut();
        let kept: usize = s.iter().map(|b| b.capacity() * 4).sum();
        if kept + v.capacity() * 4 <= KEPT_BYTES {
            s.push(v);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_buffer_comes_back_empty_with_room() {
        let mut v = take(10);
        v.extend([1, 2, 3]);
        give(v);
        let v = take(100);
        assert!(v.is_empty() && v.capacity() >= 100);
        // Beyond the bound, a buffer is dropped rather than kept.
        give(Vec::with_capacity(KEPT_BYTES));
        assert!(SPARE.with(|s| s.borrow().iter().all(|b| b.capacity() < KEPT_BYTES)));
    }
}
