//! A [`Dataset`] as bytes and back: the engine's columns kept in the file beside the rows they
//! were built from, so opening a map reads a few large values instead of millions of rows.
//!
//! Little-endian throughout. The layout ([`SNAPSHOT_FORMAT`] 2): a magic `FMDS`, the format,
//! the counts (sources, states, items, transitions, then the byte width of a state key), the
//! source names, the states (source index and name), each item's source (u32), flow item type
//! (u8), creation instant (i64), key and title (u32 lengths, then the bytes of all keys, of all
//! titles), the artifact type names (a count, then each name) and each item's artifact type
//! (an index 1, 2 or 4 bytes wide, as state keys are), the transition offsets per item (u32), each transition's instant as the zigzag
//! of its difference from the previous transition's in 1, 2, 4 or 8 bytes (2-bit width tags
//! first), and the to- and from-states as
//! fixed-width keys (`states` count meaning "the source did not say").
//!
//! Decoding checks everything it reads (lengths, indices, offsets, time order within an item,
//! UTF-8), so bytes that are not a snapshot of this format give an error, never a panic nor a
//! dataset the engine cannot walk. Integrity (a flipped byte) is the file's checksum's job.

use crate::dataset::{Dataset, Texts, NO_STATE};
use flowmap_core::FlowItemType;

/// The layout written by [`Dataset::encode`]; a snapshot of another format is rebuilt.
pub const SNAPSHOT_FORMAT: i64 = 2;

const MAGIC: &[u8; 4] = b"FMDS";

/// The byte width of an instant's difference by its 2-bit tag.
const WIDTHS: [usize; 4] = [1, 2, 4, 8];
const MASKS: [u64; 4] = [0xff, 0xffff, 0xffff_ffff, u64::MAX];

/// Why bytes could not be read as a snapshot.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the stored snapshot of the items cannot be read: {0}")]
pub struct SnapshotError(String);

fn bad(what: impl Into<String>) -> SnapshotError {
    SnapshotError(what.into())
}

fn type_code(t: FlowItemType) -> u8 {
    match t {
        FlowItemType::Feature => 0,
        FlowItemType::Defect => 1,
        FlowItemType::Risk => 2,
        FlowItemType::Debt => 3,
    }
}

fn type_of(code: u8) -> Option<FlowItemType> {
    Some(match code {
        0 => FlowItemType::Feature,
        1 => FlowItemType::Defect,
        2 => FlowItemType::Risk,
        3 => FlowItemType::Debt,
        _ => return None,
    })
}

/// The byte width of a state key able to hold every key and the "no state" mark.
fn key_width(states: usize) -> usize {
    match states {
        0..=254 => 1,
        255..=65_534 => 2,
        _ => 4,
    }
}

struct Out(Vec<u8>);

impl Out {
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.0.extend_from_slice(s.as_bytes());
    }
    /// Each instant as the zigzag of its difference from the one before, in 1, 2, 4 or 8 bytes:
    /// first a 2-bit width tag per instant (four to a byte), then the values, then 8 zero bytes
    /// (so a reader can always load 8 bytes and mask).
    fn instants(&mut self, at: &[i64]) {
        let mut tags = vec![0u8; at.len().div_ceil(4)];
        let mut values = Vec::with_capacity(at.len() * 4 + 8);
        let mut prev = 0i64;
        for (j, &t) in at.iter().enumerate() {
            let d = t.wrapping_sub(prev);
            prev = t;
            let z = ((d << 1) ^ (d >> 63)) as u64;
            let tag = match z {
                0..=0xff => 0,
                0x100..=0xffff => 1,
                0x1_0000..=0xffff_ffff => 2,
                _ => 3,
            };
            tags[j / 4] |= tag << (2 * (j % 4));
            values.extend_from_slice(&z.to_le_bytes()[..WIDTHS[tag as usize]]);
        }
        values.extend_from_slice(&[0; 8]);
        self.u64(values.len() as u64);
        self.0.extend_from_slice(&tags);
        self.0.extend_from_slice(&values);
    }
    fn keys(&mut self, keys: &[u32], width: usize, none: u32) {
        for &k in keys {
            let k = if k == NO_STATE { none } else { k };
            self.0.extend_from_slice(&k.to_le_bytes()[..width]);
        }
    }
    /// Lengths of every string, then their bytes.
    fn strings(&mut self, all: &Texts) {
        for s in all.iter() {
            self.u32(s.len() as u32);
        }
        self.0.extend_from_slice(all.bytes.as_bytes());
    }
}

struct In<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> In<'a> {
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], SnapshotError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|e| *e <= self.bytes.len())
            .ok_or_else(|| bad(format!("it ends inside {what}")))?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }
    fn u32(&mut self, what: &str) -> Result<u32, SnapshotError> {
        let b = self.take(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u64(&mut self, what: &str) -> Result<u64, SnapshotError> {
        let b = self.take(8, what)?;
        Ok(u64::from_le_bytes(b.try_into().expect("8 bytes")))
    }
    fn count(&mut self, what: &str, max_each: usize) -> Result<usize, SnapshotError> {
        let n = self.u64(what)? as usize;
        // Every counted thing takes at least `max_each` bytes: a count the rest cannot hold is
        // damage, found before anything is allocated for it.
        if n.saturating_mul(max_each) > self.bytes.len() - self.at {
            return Err(bad(format!("{what} counts {n}, more than it can hold")));
        }
        Ok(n)
    }
    fn string(&mut self, what: &str) -> Result<String, SnapshotError> {
        let n = self.u32(what)? as usize;
        let b = self.take(n, what)?;
        String::from_utf8(b.to_vec()).map_err(|_| bad(format!("{what} is not UTF-8")))
    }
    fn strings(&mut self, n: usize, what: &str) -> Result<Texts, SnapshotError> {
        let lengths = self.take(n * 4, what)?;
        let mut ends = Vec::with_capacity(n);
        let mut end = 0usize;
        for l in lengths.chunks_exact(4) {
            end = end.saturating_add(u32::from_le_bytes([l[0], l[1], l[2], l[3]]) as usize);
            ends.push(end);
        }
        let bytes = std::str::from_utf8(self.take(end, what)?)
            .map_err(|_| bad(format!("{what} are not UTF-8")))?;
        if !ends.iter().all(|e| bytes.is_char_boundary(*e)) {
            return Err(bad(format!("{what} are cut inside a character")));
        }
        Ok(Texts {
            bytes: bytes.to_owned(),
            ends,
        })
    }
    fn instants(&mut self, t: usize) -> Result<Vec<i64>, SnapshotError> {
        let what = "the transitions' instants";
        let size = self.u64(what)? as usize;
        let tags = self.take(t.div_ceil(4), what)?;
        let values = self.take(size, what)?;
        let needed: usize = tags
            .iter()
            .map(|b| (0..4).map(|k| WIDTHS[usize::from((b >> (2 * k)) & 3)]).sum::<usize>())
            .sum::<usize>()
            // Tags past the last instant are zero (width 1 each); the padding follows.
            - (t.div_ceil(4) * 4 - t)
            + 8;
        if needed != size {
            return Err(bad(format!(
                "{what} take {size} bytes, their widths say {needed}"
            )));
        }
        let mut out = Vec::with_capacity(t);
        let (mut pos, mut prev) = (0usize, 0i64);
        for j in 0..t {
            let tag = usize::from((tags[j / 4] >> (2 * (j % 4))) & 3);
            let word: [u8; 8] = values[pos..pos + 8].try_into().expect("8 bytes");
            let z = u64::from_le_bytes(word) & MASKS[tag];
            pos += WIDTHS[tag];
            prev = prev.wrapping_add(((z >> 1) as i64) ^ -((z & 1) as i64));
            out.push(prev);
        }
        Ok(out)
    }
    /// `n` unsigned indices of `width` bytes.
    fn indices(&mut self, n: usize, width: usize, what: &str) -> Result<Vec<u32>, SnapshotError> {
        let b = self.take(n * width, what)?;
        Ok(b.chunks_exact(width)
            .map(|b| {
                let mut k = [0u8; 4];
                k[..width].copy_from_slice(b);
                u32::from_le_bytes(k)
            })
            .collect())
    }
    fn keys(
        &mut self,
        n: usize,
        width: usize,
        states: usize,
        none_allowed: bool,
    ) -> Result<Vec<u32>, SnapshotError> {
        let b = self.take(n * width, "the transitions' states")?;
        let none = states as u32;
        let widen = |b: &[u8]| -> u32 {
            let mut k = [0u8; 4];
            k[..b.len()].copy_from_slice(b);
            u32::from_le_bytes(k)
        };
        let keys: Vec<u32> = match width {
            1 => b.iter().map(|k| u32::from(*k)).collect(),
            2 => b
                .chunks_exact(2)
                .map(|k| u32::from(u16::from_le_bytes([k[0], k[1]])))
                .collect(),
            _ => b.chunks_exact(width).map(widen).collect(),
        };
        let limit = if none_allowed {
            none
        } else {
            none.wrapping_sub(1)
        };
        match keys.iter().max() {
            Some(&k) if states == 0 || k > limit => {
                Err(bad(format!("a transition names state #{k} of {states}")))
            }
            _ if none_allowed => Ok(keys
                .into_iter()
                .map(|k| if k == none { NO_STATE } else { k })
                .collect()),
            _ => Ok(keys),
        }
    }
}

impl Dataset {
    /// The dataset as bytes in [`SNAPSHOT_FORMAT`], for [`Dataset::decode`].
    pub fn encode(&self) -> Vec<u8> {
        let t = self.at.len();
        let mut o = Out(Vec::with_capacity(64 + self.item_count() * 64 + t * 6));
        o.0.extend_from_slice(MAGIC);
        o.u32(SNAPSHOT_FORMAT as u32);
        for n in [self.sources.len(), self.states.len(), self.item_count(), t] {
            o.u64(n as u64);
        }
        let width = key_width(self.states.len());
        for s in &self.sources {
            o.str(s);
        }
        for (src, name) in &self.states {
            o.u32(*src);
            o.str(name);
        }
        for s in &self.item_source {
            o.u32(*s);
        }
        o.0.extend(self.item_type.iter().map(|t| type_code(*t)));
        for c in &self.item_created {
            o.u64(*c as u64);
        }
        o.strings(&self.item_key);
        o.strings(&self.item_title);
        o.u64(self.artifacts.len() as u64);
        for a in &self.artifacts {
            o.str(a);
        }
        let artifact_width = key_width(self.artifacts.len());
        o.keys(&self.item_artifact, artifact_width, u32::MAX);
        // A default dataset has no offsets at all; a built one starts with 0.
        if self.offsets.is_empty() {
            o.u32(0);
        }
        for off in &self.offsets {
            o.u32(*off);
        }
        o.instants(&self.at);
        let none = self.states.len() as u32;
        o.keys(&self.to, width, none);
        o.keys(&self.from, width, none);
        o.0
    }

    /// Reads bytes written by [`Dataset::encode`] in this build's [`SNAPSHOT_FORMAT`].
    pub fn decode(bytes: &[u8]) -> Result<Dataset, SnapshotError> {
        let mut r = In { bytes, at: 0 };
        if r.take(4, "the header")? != MAGIC {
            return Err(bad("it does not start with FMDS"));
        }
        let format = r.u32("the header")?;
        if i64::from(format) != SNAPSHOT_FORMAT {
            return Err(bad(format!(
                "it is of format {format}, this build reads {SNAPSHOT_FORMAT}"
            )));
        }
        let n_sources = r.count("the sources", 4)?;
        let n_states = r.count("the states", 8)?;
        let n = r.count("the items", 17)?;
        let t = r.count("the transitions", 2)?;
        if n_states >= NO_STATE as usize || n >= u32::MAX as usize || t >= u32::MAX as usize {
            return Err(bad("it counts more than a dataset holds"));
        }
        let sources = (0..n_sources)
            .map(|_| r.string("a source's name"))
            .collect::<Result<Vec<_>, _>>()?;
        let mut states = Vec::with_capacity(n_states);
        for _ in 0..n_states {
            let src = r.u32("a state's source")?;
            if src as usize >= n_sources {
                return Err(bad(format!("a state names source #{src} of {n_sources}")));
            }
            states.push((src, r.string("a state's name")?));
        }
        let mut d = Dataset {
            sources,
            states,
            ..Dataset::default()
        };
        d.item_source = r
            .take(n * 4, "the items' sources")?
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        if d.item_source.iter().any(|s| *s as usize >= n_sources) {
            return Err(bad("an item names a source that is not there"));
        }
        d.item_type = r
            .take(n, "the items' flow item types")?
            .iter()
            .map(|c| type_of(*c).ok_or_else(|| bad(format!("flow item type #{c}"))))
            .collect::<Result<_, _>>()?;
        d.item_created = r
            .take(n * 8, "the items' creation times")?
            .chunks_exact(8)
            .map(|b| i64::from_le_bytes(b.try_into().expect("8 bytes")))
            .collect();
        d.item_key = r.strings(n, "the items' keys")?;
        d.item_title = r.strings(n, "the items' titles")?;
        let n_artifacts = r.count("the artifact types", 4)?;
        d.artifacts = (0..n_artifacts)
            .map(|_| r.string("an artifact type"))
            .collect::<Result<Vec<_>, _>>()?;
        d.item_artifact = r.indices(n, key_width(n_artifacts), "the items' artifact types")?;
        if d.item_artifact.iter().any(|a| *a as usize >= n_artifacts) {
            return Err(bad("an item names an artifact type that is not there"));
        }
        d.offsets = r
            .take((n + 1) * 4, "the transition offsets")?
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        if d.offsets[0] != 0
            || d.offsets[n] as usize != t
            || d.offsets.windows(2).any(|w| w[0] > w[1])
        {
            return Err(bad("the transition offsets are out of order"));
        }
        d.at = r.instants(t)?;
        for w in d.offsets.windows(2) {
            let times = &d.at[w[0] as usize..w[1] as usize];
            if times.windows(2).any(|p| p[0] > p[1]) {
                return Err(bad("an item's transitions are out of time order"));
            }
        }
        let width = key_width(n_states);
        d.to = r.keys(t, width, n_states, false)?;
        d.from = r.keys(t, width, n_states, true)?;
        if r.at != bytes.len() {
            return Err(bad("bytes follow its end"));
        }
        // Each transition's states belong to its item's source.
        let source_of: Vec<u32> = d.states.iter().map(|s| s.0).collect();
        for (i, w) in d.offsets.windows(2).enumerate() {
            let src = d.item_source[i];
            let range = w[0] as usize..w[1] as usize;
            let foreign = d.to[range.clone()]
                .iter()
                .chain(&d.from[range])
                .any(|k| *k != NO_STATE && source_of[*k as usize] != src);
            if foreign {
                return Err(bad(format!(
                    "a transition of item {:?} names a state of another source",
                    &d.item_key[i]
                )));
            }
        }
        Ok(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DatasetBuilder;

    fn sample(states: usize) -> Dataset {
        let mut b = DatasetBuilder::new();
        let a = b
            .add_item("jira", "A-1", "Fix the “login”", FlowItemType::Defect, -5)
            .unwrap();
        let c = b
            .add_item("gh", "#2", "", FlowItemType::Debt, 1_700_000_000_000)
            .unwrap();
        let d = b
            .add_item("gh", "#3", "no changes", FlowItemType::Risk, 0)
            .unwrap();
        b.set_artifact_type(a, "Bug");
        b.set_artifact_type(d, "Pull Request");
        b.add_transition(a.into(), 1_000, None, "Open").unwrap();
        b.add_transition(a.into(), -3_000, Some("Open"), "Done")
            .unwrap();
        for k in 0..states {
            b.add_transition(c.into(), 10 * k as i64, Some("Open"), &format!("S{k}"))
                .unwrap();
        }
        b.finish().unwrap()
    }

    #[test]
    fn a_dataset_comes_back_equal_whatever_the_width_of_its_state_keys() {
        for states in [0, 3, 300, 70_000] {
            let d = sample(states);
            let back = Dataset::decode(&d.encode()).unwrap();
            assert_eq!(back, d, "{states} states");
        }
        let empty = DatasetBuilder::new().finish().unwrap();
        assert_eq!(Dataset::decode(&empty.encode()).unwrap(), empty);
        assert_eq!(
            Dataset::decode(&Dataset::default().encode()).unwrap(),
            empty
        );
    }

    #[test]
    fn damaged_bytes_are_refused_not_trusted() {
        let bytes = sample(300).encode();
        for cut in [0, 3, 10, bytes.len() / 2, bytes.len() - 1] {
            assert!(Dataset::decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(Dataset::decode(&longer).is_err());
        let mut other_format = bytes.clone();
        other_format[4] = 9;
        let err = Dataset::decode(&other_format).unwrap_err();
        assert!(err.to_string().contains("format 9"), "{err}");
        // Every single flipped byte is refused or decodes without panicking.
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0x5a;
            let _ = Dataset::decode(&b);
        }
    }
}
