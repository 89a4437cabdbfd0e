-- What a generation started from besides its prompt and settings, in order: the picture an
-- image-to-image run starts from (role 'start-image', amount = its strength) and the LoRA files
-- merged into the model (role 'lora', amount = its weight). Each is kept by the SHA-256 of its
-- file, which is what the provenance names. A hires pass is a setting of the generation.
CREATE TABLE generation_inputs (
  generation_id INTEGER NOT NULL REFERENCES generations(id) ON DELETE CASCADE,
  position INTEGER NOT NULL CHECK (position >= 0),
  role TEXT NOT NULL,
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  amount REAL NOT NULL,
  PRIMARY KEY (generation_id, position)
);

ALTER TABLE generations ADD COLUMN hires_scale REAL;
ALTER TABLE generations ADD COLUMN hires_strength REAL;
