//! The schema of a `.flowmap` file and its migrations.
//!
//! A Flowmap file is recognised by SQLite's `application_id` header field, set to
//! [`APPLICATION_ID`]. Its `user_version` is the schema version; [`MIGRATIONS`]`[i]` takes a file
//! from version `i` to `i + 1`. A file whose version is newer than [`VERSION`] is refused.

/// "FLMP" in ASCII: tells a Flowmap file from any other SQLite database.
pub const APPLICATION_ID: i32 = 0x464C_4D50;

/// The schema version this build writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

/// Embedded migrations, applied in order inside one transaction.
pub const MIGRATIONS: &[&str] = &[
    // 1: the first schema.
    r#"
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT;
    -- Nodes and edges keep their order; `body` is the node or edge as JSON (see flowmap-core).
    CREATE TABLE nodes (
        id   TEXT PRIMARY KEY,
        ord  INTEGER NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        body TEXT NOT NULL
    ) STRICT;
    CREATE TABLE edges (
        id        TEXT PRIMARY KEY,
        ord       INTEGER NOT NULL UNIQUE,
        kind      TEXT NOT NULL,
        from_node TEXT NOT NULL REFERENCES nodes(id),
        to_node   TEXT NOT NULL REFERENCES nodes(id),
        body      TEXT NOT NULL
    ) STRICT;
    CREATE TABLE positions (
        node TEXT PRIMARY KEY REFERENCES nodes(id),
        x    REAL NOT NULL,
        y    REAL NOT NULL
    ) STRICT;
    -- A connected tool. Secrets are never stored here.
    CREATE TABLE sources (
        name   TEXT PRIMARY KEY,
        kind   TEXT NOT NULL,
        tool   TEXT,
        url    TEXT,
        query  TEXT,
        cursor TEXT,
        config TEXT NOT NULL DEFAULT '{}'
    ) STRICT;
    -- Which stage and category each source state belongs to.
    CREATE TABLE state_mappings (
        source   TEXT NOT NULL,
        state    TEXT NOT NULL,
        stage    TEXT,
        category TEXT NOT NULL,
        PRIMARY KEY (source, state)
    ) STRICT;
    -- Interned workflow state names.
    CREATE TABLE states (
        id   INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE
    ) STRICT;
    CREATE TABLE items (
        row            INTEGER PRIMARY KEY,
        id             BLOB NOT NULL UNIQUE,
        source         TEXT NOT NULL,
        key            TEXT NOT NULL,
        title          TEXT NOT NULL,
        artifact_type  TEXT NOT NULL,
        flow_item_type TEXT NOT NULL,
        created_ms     INTEGER NOT NULL,
        UNIQUE (source, key)
    ) STRICT;
    -- Times are Unix milliseconds, UTC. `from_state` is NULL when the source did not say.
    CREATE TABLE transitions (
        item       INTEGER NOT NULL REFERENCES items(row),
        at_ms      INTEGER NOT NULL,
        from_state INTEGER REFERENCES states(id),
        to_state   INTEGER NOT NULL REFERENCES states(id)
    ) STRICT;
    CREATE UNIQUE INDEX transitions_identity
        ON transitions (item, at_ms, to_state, ifnull(from_state, -1));
    "#,
    // 2: transitions clustered by their identity. One B-tree instead of a table and a unique
    // index: half the writes on import, and reading by item and time is reading in order.
    // `from_state` 0 means the source did not say (state ids start at 1).
    r#"
    CREATE TABLE transitions_clustered (
        item       INTEGER NOT NULL REFERENCES items(row),
        at_ms      INTEGER NOT NULL,
        to_state   INTEGER NOT NULL REFERENCES states(id),
        from_state INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (item, at_ms, to_state, from_state)
    ) STRICT, WITHOUT ROWID;
    INSERT INTO transitions_clustered (item, at_ms, to_state, from_state)
        SELECT item, at_ms, to_state, ifnull(from_state, 0) FROM transitions;
    DROP TABLE transitions;
    ALTER TABLE transitions_clustered RENAME TO transitions;
    "#,
    // 3: transitions keep the source's order of changes at one instant. `seq` is a change's
    // position among its item's changes at that instant, in the order the source gave them
    // (a part of an item read later starts at part << 20). A transition is identified by
    // (item, at_ms, seq), so Active → Awaiting → Active within one minute is three rows, and a
    // re-import of the same log stores nothing twice. Older files had no source order: their
    // ties are numbered by state id, as they were read before.
    r#"
    CREATE TABLE transitions_seq (
        item       INTEGER NOT NULL REFERENCES items(row),
        at_ms      INTEGER NOT NULL,
        seq        INTEGER NOT NULL,
        to_state   INTEGER NOT NULL REFERENCES states(id),
        from_state INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (item, at_ms, seq)
    ) STRICT, WITHOUT ROWID;
    INSERT INTO transitions_seq (item, at_ms, seq, to_state, from_state)
        SELECT item, at_ms,
               row_number() OVER (PARTITION BY item, at_ms ORDER BY to_state, from_state) - 1,
               to_state, from_state
        FROM transitions;
    DROP TABLE transitions;
    ALTER TABLE transitions_seq RENAME TO transitions;
    "#,
    // 4: a state mapping row is a proposal (written with the data, or a guess) until a user
    // sets or confirms it. Rows of older files are proposals.
    r#"
    ALTER TABLE state_mappings ADD COLUMN confirmed INTEGER NOT NULL DEFAULT 0;
    "#,
    // 5: future states of the stream. Each is a copy of the map edited freely; `body` is its
    // map and layout in the map's JSON form (json.rs). The current state stays in
    // nodes/edges/positions, and measured data belongs to it alone. Older files have none.
    r#"
    CREATE TABLE future_states (
        id   TEXT PRIMARY KEY,
        ord  INTEGER NOT NULL UNIQUE,
        name TEXT NOT NULL,
        body TEXT NOT NULL
    ) STRICT;
    "#,
    // 6: the engine's columns kept beside the rows they were built from (`snapshot.rs`), so a
    // map opens with a few large reads instead of one read per transition. The rows stay the
    // source of truth: a snapshot is used only when its format is the reader's, it was built
    // from the file's current data generation (`meta.data_gen`, raised by every write of
    // items or transitions, which also deletes the snapshot) and every part's CRC-32 holds;
    // otherwise the reader rebuilds it from the rows. A tool other than Flowmap that changes
    // items or transitions must `DELETE FROM snapshot`.
    r#"
    CREATE TABLE snapshot (
        part     INTEGER PRIMARY KEY,
        format   INTEGER NOT NULL,
        data_gen INTEGER NOT NULL,
        checksum INTEGER NOT NULL,
        body     BLOB NOT NULL,
        -- The rows it was built from, counted (a map opens without counting them again), and
        -- the CRC-32 of (data_gen, items, transitions).
        items        INTEGER NOT NULL,
        transitions  INTEGER NOT NULL,
        counts_check INTEGER NOT NULL
    ) STRICT;
    INSERT INTO meta (key, value) VALUES ('data_gen', '0') ON CONFLICT (key) DO NOTHING;
    "#,
    // 7: flow key results (`okr.rs`), one row each: `body` is the key result as JSON
    // (flowmap-core's `KeyResult`), `version` counts its writes so that a writer never
    // overwrites a change it did not read. Older files have none.
    r#"
    CREATE TABLE key_results (
        id      TEXT PRIMARY KEY,
        ord     INTEGER NOT NULL,
        version INTEGER NOT NULL,
        body    TEXT NOT NULL
    ) STRICT;
    "#,
    // 8: links between items (`links.rs`). A link names its target by key (`target_source` ''
    // when any source's item with that key is meant), so a target in another tool, or not
    // synced yet, resolves once it is in the file. `origin` is the source that said so ('' for
    // a link made by hand): re-syncing a source replaces its own links, never a hand link.
    r#"
    CREATE TABLE links (
        item          INTEGER NOT NULL REFERENCES items(row),
        target_source TEXT NOT NULL,
        target_key    TEXT NOT NULL,
        kind          TEXT NOT NULL,
        qualifier     TEXT NOT NULL,
        origin        TEXT NOT NULL,
        PRIMARY KEY (item, target_source, target_key, kind, qualifier, origin)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX links_target ON links (target_key);
    CREATE INDEX links_origin ON links (origin, item);
    "#,
    // 9: no index on item ids. An id is a hash of the item's source and key (random order),
    // so its unique index cost a random-order B-tree insert per new item; items are found by
    // (source, key) instead, whose index a log's items reach in nearly ascending order. The id
    // column stays (readers hand it out). The table is rebuilt with its rows and row numbers
    // (transitions and links refer to them); foreign-key checks are off while it is rebuilt.
    r#"
    CREATE TABLE items_v9 (
        row            INTEGER PRIMARY KEY,
        id             BLOB NOT NULL,
        source         TEXT NOT NULL,
        key            TEXT NOT NULL,
        title          TEXT NOT NULL,
        artifact_type  TEXT NOT NULL,
        flow_item_type TEXT NOT NULL,
        created_ms     INTEGER NOT NULL,
        UNIQUE (source, key)
    ) STRICT;
    INSERT INTO items_v9 (row, id, source, key, title, artifact_type, flow_item_type, created_ms)
        SELECT row, id, source, key, title, artifact_type, flow_item_type, created_ms
        FROM items ORDER BY row;
    DROP TABLE items;
    ALTER TABLE items_v9 RENAME TO items;
    "#,
];
