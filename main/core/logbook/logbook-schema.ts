// The logbook's SQLite schema: STRICT tables, and triggers that make the entries table
// append-only even against INSERT OR REPLACE (docs/FORMAT.md section 3 "Storage").
export const LOGBOOK_FILE = 'logbook.sqlite'

export const SCHEMA_SQL = `
CREATE TABLE logbook_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE entries (
  seq        INTEGER PRIMARY KEY CHECK (seq >= 1),
  time       TEXT NOT NULL,
  actor      TEXT NOT NULL,
  type       TEXT NOT NULL,
  payload    TEXT NOT NULL,
  prev_hash  TEXT NOT NULL CHECK (length(prev_hash) = 64),
  entry_hash TEXT NOT NULL UNIQUE CHECK (length(entry_hash) = 64),
  signer     TEXT NOT NULL,
  signature  TEXT NOT NULL
) STRICT;

CREATE TRIGGER entries_refuse_update BEFORE UPDATE ON entries
BEGIN SELECT RAISE(ABORT, 'custos logbook: entries are append-only (UPDATE refused)'); END;

CREATE TRIGGER entries_refuse_delete BEFORE DELETE ON entries
BEGIN SELECT RAISE(ABORT, 'custos logbook: entries are append-only (DELETE refused)'); END;

-- INSERT OR REPLACE deletes the old row without firing DELETE triggers unless
-- recursive_triggers is on; this guard refuses it regardless: only the next number fits.
CREATE TRIGGER entries_next_seq_only BEFORE INSERT ON entries
WHEN NEW.seq IS NOT (SELECT COALESCE(MAX(seq), 0) + 1 FROM entries)
BEGIN SELECT RAISE(ABORT, 'custos logbook: an entry must take the next sequence number'); END;

CREATE TRIGGER meta_refuse_update BEFORE UPDATE ON logbook_meta
BEGIN SELECT RAISE(ABORT, 'custos logbook: metadata is fixed at creation'); END;

CREATE TRIGGER meta_refuse_delete BEFORE DELETE ON logbook_meta
BEGIN SELECT RAISE(ABORT, 'custos logbook: metadata is fixed at creation'); END;

CREATE TRIGGER meta_refuse_replace BEFORE INSERT ON logbook_meta
WHEN EXISTS (SELECT 1 FROM logbook_meta WHERE key = NEW.key)
BEGIN SELECT RAISE(ABORT, 'custos logbook: metadata is fixed at creation'); END;
`

export const META_FORMAT = 'custos-logbook'
