-- Catalog search: a full-text index over the prompts of generations, so the studio's catalog can
-- find "lighthouse" among ten thousand images without reading them all, and indexes for the
-- catalog's filters (mint state per asset).

-- External-content FTS5 table: the text stays in generations; the index holds only the terms.
CREATE VIRTUAL TABLE generations_fts USING fts5(
  prompt,
  negative_prompt,
  content = 'generations',
  content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);

-- Kept in sync by triggers: every insert, delete and prompt change of a generation.
CREATE TRIGGER generations_fts_insert AFTER INSERT ON generations BEGIN
  INSERT INTO generations_fts(rowid, prompt, negative_prompt)
    VALUES (new.id, new.prompt, new.negative_prompt);
END;

CREATE TRIGGER generations_fts_delete AFTER DELETE ON generations BEGIN
  INSERT INTO generations_fts(generations_fts, rowid, prompt, negative_prompt)
    VALUES ('delete', old.id, old.prompt, old.negative_prompt);
END;

CREATE TRIGGER generations_fts_update AFTER UPDATE OF prompt, negative_prompt ON generations BEGIN
  INSERT INTO generations_fts(generations_fts, rowid, prompt, negative_prompt)
    VALUES ('delete', old.id, old.prompt, old.negative_prompt);
  INSERT INTO generations_fts(rowid, prompt, negative_prompt)
    VALUES (new.id, new.prompt, new.negative_prompt);
END;

-- Generations recorded before this version.
INSERT INTO generations_fts(generations_fts) VALUES ('rebuild');

-- The catalog asks, per asset, for its confirmed token and its newest license.
CREATE INDEX mint_jobs_asset ON mint_jobs(asset_id, state);
CREATE INDEX generations_model ON generations(model_id);
