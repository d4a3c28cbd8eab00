//! Appending one dataset's items to another's: the columns of a file after an import, from the
//! columns it held before and those of the rows the import wrote.

use super::{Dataset, StateKey, NO_STATE};
use std::collections::HashMap;

impl Dataset {
    /// `self` followed by `more`'s items: what [`DatasetBuilder`] gives for `self`'s items and
    /// then `more`'s, added in that order (sources and states new to `self` numbered after
    /// its own, in the order `more` met them). The items of `more` must not be in `self`.
    pub fn append(mut self, more: Dataset) -> Dataset {
        // Records of the items before are not those of the items after.
        self.records = Default::default();
        let source_of = merged(&mut self.sources, more.sources);
        let mut known: HashMap<(u32, &str), StateKey> = HashMap::new();
        for (k, (src, name)) in self.states.iter().enumerate() {
            known.insert((*src, name.as_str()), k as StateKey);
        }
        let mut added: Vec<(u32, String)> = Vec::new();
        let mut key_of: Vec<StateKey> = Vec::with_capacity(more.states.len());
        for (src, name) in &more.states {
            let src = source_of[*src as usize];
            let k = match known.get(&(src, name.as_str())) {
                Some(k) => *k,
                None => {
                    added.push((src, name.clone()));
                    (self.states.len() + added.len() - 1) as StateKey
                }
            };
            key_of.push(k);
        }
        drop(known);
        self.states.extend(added);
        let remap = |k: StateKey| {
            if k == NO_STATE {
                NO_STATE
            } else {
                key_of[k as usize]
            }
        };
        for i in 0..more.item_key.len() {
            self.item_key.push(&more.item_key[i]);
            self.item_title.push(&more.item_title[i]);
        }
        self.item_source
            .extend(more.item_source.iter().map(|s| source_of[*s as usize]));
        self.item_type.extend(more.item_type);
        self.item_created.extend(more.item_created);
        let artifact_of = merged(&mut self.artifacts, more.artifacts);
        self.item_artifact
            .extend(more.item_artifact.iter().map(|a| artifact_of[*a as usize]));
        if self.offsets.is_empty() {
            self.offsets.push(0);
        }
        let base = self.at.len() as u32;
        self.offsets
            .extend(more.offsets.iter().skip(1).map(|o| base + o));
        self.at.extend(more.at);
        self.from.extend(more.from.into_iter().map(remap));
        self.to.extend(more.to.into_iter().map(remap));
        self
    }
}

/// `more`'s names added to `names` where new (in `more`'s order); the index in `names` of each.
fn merged(names: &mut Vec<String>, more: Vec<String>) -> Vec<u32> {
    more.into_iter()
        .map(|name| {
            let ix = match names.iter().position(|s| *s == name) {
                Some(ix) => ix,
                None => {
                    names.push(name);
                    names.len() - 1
                }
            };
            ix as u32
        })
        .collect()
}
