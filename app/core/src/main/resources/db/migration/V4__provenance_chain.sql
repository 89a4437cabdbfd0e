-- Signed provenance: the chain id the EIP-712 signature was made for (its domain), and the SHA-256
-- of the signed PNG as written (the file with the C2PA manifest in it). record_json's own
-- "sha256" is the file as generated, before any manifest.

ALTER TABLE provenance_records ADD COLUMN chain_id INTEGER CHECK (chain_id IS NULL OR chain_id > 0);
ALTER TABLE provenance_records ADD COLUMN signed_file_sha256 TEXT
  CHECK (signed_file_sha256 IS NULL OR length(signed_file_sha256) = 64);
