-- Atelier catalog, schema version 1.
-- Times are ISO-8601 UTC strings; hashes are lowercase hex; addresses are 0x + 40 hex.

-- Models the artist has installed or trained.
CREATE TABLE models (
  id                TEXT PRIMARY KEY,                 -- "<name>@<version>"
  name              TEXT NOT NULL,
  version           TEXT NOT NULL,
  kind              TEXT NOT NULL CHECK (kind IN ('builtin', 'torchscript-sd')),
  weights_sha256    TEXT NOT NULL CHECK (length(weights_sha256) = 64),
  training_set_root TEXT,
  license           TEXT,
  location          TEXT NOT NULL,                    -- folder holding model.json
  added_at          TEXT NOT NULL
);

-- One press of "Generate": a request that yields one or more variants.
CREATE TABLE generations (
  id              INTEGER PRIMARY KEY,
  model_id        TEXT NOT NULL REFERENCES models(id),
  prompt          TEXT NOT NULL,
  negative_prompt TEXT NOT NULL DEFAULT '',
  seed            INTEGER NOT NULL,
  sampler         TEXT NOT NULL,
  steps           INTEGER NOT NULL CHECK (steps > 0),
  guidance        REAL NOT NULL,
  width           INTEGER NOT NULL CHECK (width > 0),
  height          INTEGER NOT NULL CHECK (height > 0),
  variant_count   INTEGER NOT NULL CHECK (variant_count > 0),
  status          TEXT NOT NULL CHECK (status IN ('RUNNING', 'DONE', 'CANCELLED', 'FAILED')),
  created_at      TEXT NOT NULL,
  finished_at     TEXT
);
CREATE INDEX generations_created ON generations(created_at);

-- Variants of a generation; a variant the artist keeps becomes an asset (kept = 1).
CREATE TABLE assets (
  id              INTEGER PRIMARY KEY,
  generation_id   INTEGER NOT NULL REFERENCES generations(id) ON DELETE CASCADE,
  variant_index   INTEGER NOT NULL CHECK (variant_index >= 0),
  seed            INTEGER NOT NULL,
  width           INTEGER NOT NULL,
  height          INTEGER NOT NULL,
  pixel_sha256    TEXT NOT NULL CHECK (length(pixel_sha256) = 64),
  file_path       TEXT,
  file_sha256     TEXT,
  kept            INTEGER NOT NULL DEFAULT 0 CHECK (kept IN (0, 1)),
  parent_asset_id INTEGER REFERENCES assets(id),
  created_at      TEXT NOT NULL,
  UNIQUE (generation_id, variant_index)
);
CREATE INDEX assets_kept ON assets(kept, created_at);

-- License terms an asset can carry (SPDX-style ids; custom ones too).
CREATE TABLE licenses (
  id                   TEXT PRIMARY KEY,
  name                 TEXT NOT NULL,
  terms_sha256         TEXT NOT NULL CHECK (length(terms_sha256) = 64),
  terms_text           TEXT NOT NULL,
  commercial_use       INTEGER NOT NULL CHECK (commercial_use IN (0, 1)),
  derivatives          INTEGER NOT NULL CHECK (derivatives IN (0, 1)),
  attribution_required INTEGER NOT NULL CHECK (attribution_required IN (0, 1)),
  ai_training          INTEGER NOT NULL CHECK (ai_training IN (0, 1)),
  builtin              INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1))
);

-- Signed provenance of an asset: the canonical record and both signatures.
CREATE TABLE provenance_records (
  id                   INTEGER PRIMARY KEY,
  asset_id             INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
  record_json          TEXT NOT NULL,
  record_sha256        TEXT NOT NULL CHECK (length(record_sha256) = 64),
  creator_address      TEXT NOT NULL CHECK (length(creator_address) = 42),
  license_id           TEXT NOT NULL REFERENCES licenses(id),
  eip712_signature     TEXT,
  c2pa_manifest_sha256 TEXT,
  created_at           TEXT NOT NULL
);
CREATE INDEX provenance_asset ON provenance_records(asset_id);

-- Wallet accounts: public data only. Keys live in encrypted keystore files.
CREATE TABLE wallets (
  address         TEXT PRIMARY KEY CHECK (length(address) = 42 AND address LIKE '0x%'),
  label           TEXT NOT NULL,
  derivation_path TEXT,
  keystore_file   TEXT NOT NULL,
  created_at      TEXT NOT NULL
);

-- ERC-721 collection contracts the artist deployed or imported.
CREATE TABLE collections (
  id             INTEGER PRIMARY KEY,
  chain_id       INTEGER NOT NULL CHECK (chain_id > 0),
  address        TEXT NOT NULL CHECK (length(address) = 42),
  name           TEXT NOT NULL,
  symbol         TEXT NOT NULL,
  owner_address  TEXT NOT NULL CHECK (length(owner_address) = 42),
  deploy_tx_hash TEXT,
  created_at     TEXT NOT NULL,
  UNIQUE (chain_id, address)
);

-- Mint jobs: the state is written before each side effect and reconciled at start-up.
CREATE TABLE mint_jobs (
  id            INTEGER PRIMARY KEY,
  asset_id      INTEGER NOT NULL REFERENCES assets(id),
  collection_id INTEGER NOT NULL REFERENCES collections(id),
  state         TEXT NOT NULL CHECK (state IN ('PENDING', 'SIGNED', 'SENT', 'CONFIRMED', 'FAILED')),
  nonce         INTEGER,
  signed_tx     TEXT,
  tx_hash       TEXT,
  token_id      TEXT,
  block_number  INTEGER,
  error         TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  CHECK (state NOT IN ('SENT', 'CONFIRMED') OR tx_hash IS NOT NULL),
  CHECK (state <> 'CONFIRMED' OR (token_id IS NOT NULL AND block_number IS NOT NULL))
);
CREATE INDEX mint_jobs_state ON mint_jobs(state);
CREATE UNIQUE INDEX mint_jobs_one_live_per_asset
  ON mint_jobs(asset_id, collection_id) WHERE state <> 'FAILED';
