-- Offline batch runs: a prompt file processed item by item, resumable after a crash.

-- One batch file run into one output folder with one model. Running the same file again
-- (same content, folder and model) continues this run.
CREATE TABLE batch_runs (
  id            INTEGER PRIMARY KEY,
  source_sha256 TEXT NOT NULL CHECK (length(source_sha256) = 64),
  source_path   TEXT NOT NULL,
  out_dir       TEXT NOT NULL,
  model_id      TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  UNIQUE (source_sha256, out_dir, model_id)
);

-- One line of the file. DONE is written in the same transaction as its generation's images,
-- so an item is either finished with its files recorded or will be done again.
CREATE TABLE batch_items (
  batch_id      INTEGER NOT NULL REFERENCES batch_runs(id) ON DELETE CASCADE,
  item_index    INTEGER NOT NULL CHECK (item_index >= 0),
  request_json  TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('PENDING', 'DONE', 'FAILED')),
  generation_id INTEGER REFERENCES generations(id),
  error         TEXT,
  PRIMARY KEY (batch_id, item_index),
  CHECK (status <> 'DONE' OR generation_id IS NOT NULL)
);
