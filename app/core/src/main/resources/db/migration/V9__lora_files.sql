-- The LoRA files this computer has, by path: each with the SHA-256 of the whole file (what
-- Atelier's records name) and of its tensor data after the header (what other tools name in
-- their "Lora hashes"), and the size and modification time they were taken at, so a changed file
-- is hashed again. A file used by a generation has used_at; one only found in a LoRA folder has
-- none. Settings read from an image find their LoRAs here by hash.
CREATE TABLE lora_files (
  path TEXT PRIMARY KEY,
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  data_sha256 TEXT CHECK (data_sha256 IS NULL OR length(data_sha256) = 64),
  size INTEGER NOT NULL CHECK (size >= 0),
  modified_ms INTEGER NOT NULL,
  used_at TEXT
);

CREATE INDEX lora_files_sha256 ON lora_files(sha256);
CREATE INDEX lora_files_data_sha256 ON lora_files(data_sha256);
