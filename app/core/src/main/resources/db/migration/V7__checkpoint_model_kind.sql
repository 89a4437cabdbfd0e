-- atelier:foreign-keys-off
-- Stable Diffusion checkpoints imported where the artist keeps them ('sd-checkpoint') join the
-- model kinds. SQLite cannot change a CHECK constraint in place, so the table is rebuilt as its
-- documentation describes: foreign keys off for this migration only, then checked before commit.
CREATE TABLE models_v7 (
  id                TEXT PRIMARY KEY,                 -- "<name>@<version>"
  name              TEXT NOT NULL,
  version           TEXT NOT NULL,
  kind              TEXT NOT NULL CHECK (kind IN ('builtin', 'torchscript-sd', 'sd-checkpoint')),
  weights_sha256    TEXT NOT NULL CHECK (length(weights_sha256) = 64),
  training_set_root TEXT,
  license           TEXT,
  location          TEXT NOT NULL,                    -- folder holding model.json
  added_at          TEXT NOT NULL
);
INSERT INTO models_v7 (id, name, version, kind, weights_sha256, training_set_root, license,
                       location, added_at)
  SELECT id, name, version, kind, weights_sha256, training_set_root, license, location, added_at
  FROM models;
DROP TABLE models;
ALTER TABLE models_v7 RENAME TO models;
