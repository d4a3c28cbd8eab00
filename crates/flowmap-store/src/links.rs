//! Links between items (schema 8): written by a source with its items, in the same
//! transaction ([`DataWriter::put_links`]), or by hand ([`MapFile::link_items`]); read whole
//! for the lineage engine and the exports ([`MapFile::links`]). A link's target is a key (and,
//! when known, its source): it resolves when that item is in the file, not when it is stored.

use crate::data::DataWriter;
use crate::error::StoreError;
use crate::lifecycle::{write_transaction, MapFile};
use flowmap_core::{Item, ItemId, Link, LinkKind, LinkOrigin, LinkTarget};
use rusqlite::{params, OptionalExtension, Transaction};
use std::path::Path;

/// The row of `source`'s item `key` (items are found by source and key: ids have no index).
fn item_row(
    tx: &Transaction<'_>,
    path: &Path,
    source: &str,
    key: &str,
) -> Result<Option<i64>, StoreError> {
    tx.prepare_cached("SELECT row FROM items WHERE source = ?1 AND key = ?2")
        .and_then(|mut s| s.query_row([source, key], |r| r.get(0)).optional())
        .map_err(|e| StoreError::sqlite(path, e))
}

fn insert(
    tx: &Transaction<'_>,
    path: &Path,
    row: i64,
    link: (&LinkKind, &LinkTarget, &str),
    origin: &str,
) -> Result<bool, StoreError> {
    let (kind, target, qualifier) = link;
    tx.prepare_cached(
        "INSERT INTO links (item, target_source, target_key, kind, qualifier, origin)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
    )
    .and_then(|mut s| {
        s.execute(params![
            row,
            target.source.as_deref().unwrap_or(""),
            target.key,
            kind.as_str(),
            qualifier,
            origin
        ])
    })
    .map(|n| n > 0)
    .map_err(|e| StoreError::sqlite(path, e))
}

impl DataWriter<'_> {
    /// Stores the links `source` tells for its item `key` (already written in this
    /// transaction). With `replace`, the item's earlier links from that source go first (a
    /// re-sync); hand links and other sources' links stay.
    pub fn put_links(
        &mut self,
        source: &str,
        key: &str,
        replace: bool,
        links: &[(LinkKind, LinkTarget, String)],
    ) -> Result<(), StoreError> {
        let (tx, path) = self.parts();
        let row = item_row(tx, path, source, key)?.ok_or_else(|| StoreError::InvalidData {
            path: path.to_path_buf(),
            message: format!("links of item {key:?} of {source:?}, which is not in the file"),
        })?;
        if replace {
            tx.prepare_cached("DELETE FROM links WHERE item = ?1 AND origin = ?2")
                .and_then(|mut s| s.execute(params![row, source]))
                .map_err(|e| StoreError::sqlite(path, e))?;
        }
        for (kind, target, qualifier) in links {
            insert(tx, path, row, (kind, target, qualifier), source)?;
        }
        Ok(())
    }
}

impl MapFile {
    /// The items lineage can reach, in the order they were added: those a link starts from and
    /// those whose key a link names (of any source: a target without a source resolves to
    /// every item with its key). No link: none.
    pub fn linked_items(&self) -> Result<Vec<Item>, StoreError> {
        if !self.has_links()? {
            return Ok(Vec::new());
        }
        self.items_where(
            "row IN (SELECT item FROM links) OR key IN (SELECT target_key FROM links)",
            [],
        )
    }

    /// Whether the file holds any link.
    pub fn has_links(&self) -> Result<bool, StoreError> {
        self.conn
            .query_row("SELECT EXISTS (SELECT 1 FROM links)", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// For each key a link names without a source: the last item added with that key, of any
    /// source (an item of that key, when several sources hold one).
    pub fn last_items_of_bare_targets(&self) -> Result<Vec<Item>, StoreError> {
        if !self.has_links()? {
            return Ok(Vec::new());
        }
        self.items_where(
            "row IN (SELECT max(row) FROM items
                     WHERE key IN (SELECT target_key FROM links WHERE target_source = '')
                     GROUP BY key)",
            [],
        )
    }

    /// Every link of the file, hand links included, in a stable order.
    pub fn links(&self) -> Result<Vec<Link>, StoreError> {
        self.links_where("1", [])
    }

    /// The links from item `key` of `source`, in the same order as [`MapFile::links`].
    pub fn links_from(&self, source: &str, key: &str) -> Result<Vec<Link>, StoreError> {
        self.links_where(
            "l.item = (SELECT row FROM items WHERE source = ?1 AND key = ?2)",
            [source, key],
        )
    }

    fn links_where<P: rusqlite::Params>(
        &self,
        condition: &str,
        params: P,
    ) -> Result<Vec<Link>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT i.id, l.target_source, l.target_key, l.kind, l.qualifier, l.origin
                 FROM links l JOIN items i ON i.row = l.item
                 WHERE {condition}
                 ORDER BY l.item, l.target_source, l.target_key, l.kind, l.qualifier, l.origin"
            ))
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params, |r| {
                Ok((
                    r.get::<_, Vec<u8>>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                ))
            })
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, source, key, kind, qualifier, origin) = row.map_err(|e| self.err(e))?;
            let bytes: [u8; 16] = id.as_slice().try_into().map_err(|_| StoreError::Corrupt {
                path: self.path.clone(),
                reason: format!("a link from an item id of {} bytes", id.len()),
            })?;
            out.push(Link {
                from: ItemId::from_bytes(bytes),
                target: LinkTarget {
                    source: (!source.is_empty()).then_some(source),
                    key,
                },
                kind: kind.parse().map_err(|e| StoreError::Corrupt {
                    path: self.path.clone(),
                    reason: format!("a link: {e}"),
                })?,
                qualifier,
                origin: if origin.is_empty() {
                    LinkOrigin::Hand
                } else {
                    LinkOrigin::Source(origin)
                },
            });
        }
        Ok(out)
    }

    /// Links `source`'s item `key` to `target` by hand, in one transaction; returns whether
    /// the link is new. Refused when that item is not in the file.
    pub fn link_items(
        &mut self,
        (source, key): (&str, &str),
        target: &LinkTarget,
        kind: LinkKind,
    ) -> Result<bool, StoreError> {
        let path = self.path.clone();
        let tx = write_transaction(&mut self.conn, &path)?;
        let row = item_row(&tx, &path, source, key)?.ok_or_else(|| StoreError::InvalidData {
            path: path.clone(),
            message: format!("no item {key:?} of {source:?} to link from"),
        })?;
        let added = insert(&tx, &path, row, (&kind, target, ""), "")?;
        tx.commit().map_err(|e| StoreError::sqlite(&path, e))?;
        Ok(added)
    }

    /// Removes the hand link from `source`'s item `key` to `target` of `kind`; returns whether
    /// there was one. A source's own links are not removed (the next sync would bring them
    /// back).
    pub fn unlink_items(
        &mut self,
        (source, key): (&str, &str),
        target: &LinkTarget,
        kind: LinkKind,
    ) -> Result<bool, StoreError> {
        let path = self.path.clone();
        let tx = write_transaction(&mut self.conn, &path)?;
        let n = tx
            .execute(
                "DELETE FROM links
                 WHERE item = (SELECT row FROM items WHERE source = ?5 AND key = ?1)
                   AND target_source = ?2 AND target_key = ?3 AND kind = ?4 AND origin = ''",
                params![
                    key,
                    target.source.as_deref().unwrap_or(""),
                    target.key,
                    kind.as_str(),
                    source
                ],
            )
            .map_err(|e| StoreError::sqlite(&path, e))?;
        tx.commit().map_err(|e| StoreError::sqlite(&path, e))?;
        Ok(n > 0)
    }
}
