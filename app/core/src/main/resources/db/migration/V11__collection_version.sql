-- The contract version of each collection: 1 (AtelierCollection, one transaction a token, ids
-- counted from 1) or 2 (AtelierCollectionV2, batches under a Merkle root, the id of a token is the
-- SHA-256 of its metadata). Collections stored before this were all version 1.
ALTER TABLE collections ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version IN (1, 2));

-- The jobs of one version 2 batch share one transaction: batch_id is the id of the batch's first
-- job, on every job of the batch (null for a version 1 mint, one transaction a job). The jobs of a
-- batch hold the same nonce, signed bytes and hash and move from state to state together; their
-- ids give the order of the tokens in the batch. Token ids stay TEXT: decimal, up to 2^256 - 1.
ALTER TABLE mint_jobs ADD COLUMN batch_id INTEGER REFERENCES mint_jobs(id);
CREATE INDEX mint_jobs_batch ON mint_jobs(batch_id) WHERE batch_id IS NOT NULL;
