//! The CSV reader's buffers: the item its rows are telling, and the state names met so far,
//! handed over as a [`LogItem`] without a string allocated per field.

use crate::connector::{LogChange, LogItem, SourceLink};

/// The item the log's rows are telling, its fields in buffers reused from item to item (no
/// string allocated per row or per item once they have grown).
#[derive(Default)]
pub(super) struct OpenItem {
    pub open: bool,
    pub key: String,
    pub title: String,
    pub artifact_type: String,
    pub link: String,
    pub has_link: bool,
    pub changes: Vec<LogChange>,
    /// Its parent and links, from the log's columns for them, each once.
    pub links: Vec<SourceLink>,
}

impl OpenItem {
    /// Starts the item `key`, with no title, type, link or change yet.
    pub fn start(&mut self, key: &str) {
        self.open = true;
        set(&mut self.key, key);
        self.title.clear();
        self.artifact_type.clear();
        self.link.clear();
        self.has_link = false;
        self.changes.clear();
        self.links.clear();
    }

    pub fn item<'a>(&'a self, states: &'a [String]) -> LogItem<'a> {
        LogItem {
            key: &self.key,
            title: &self.title,
            artifact_type: &self.artifact_type,
            link: self.has_link.then_some(self.link.as_str()),
            changes: &self.changes,
            states,
            links: &self.links,
        }
    }
}

/// Sets `buffer` to `text`, reusing its allocation.
pub(super) fn set(buffer: &mut String, text: &str) {
    if buffer != text {
        buffer.clear();
        buffer.push_str(text);
    }
}

/// The state names met in a log, each given an index once (Fx hashing: a few short names,
/// looked up twice per row). The two names found last are compared first: in a log sorted by
/// item, a row's previous state is the state the row before entered.
#[derive(Default)]
pub(super) struct StateNames {
    pub names: Vec<String>,
    index: rustc_hash::FxHashMap<String, u32>,
    /// The indices found last by hashing, most recent first.
    recent: [u32; 2],
}

impl StateNames {
    pub fn id(&mut self, name: &str) -> u32 {
        for &r in &self.recent {
            if self.names.get(r as usize).is_some_and(|n| n == name) {
                return r;
            }
        }
        let i = match self.index.get(name) {
            Some(&i) => i,
            None => {
                let i = self.names.len() as u32;
                self.names.push(name.to_string());
                self.index.insert(name.to_string(), i);
                i
            }
        };
        self.recent = [i, self.recent[0]];
        i
    }
}
