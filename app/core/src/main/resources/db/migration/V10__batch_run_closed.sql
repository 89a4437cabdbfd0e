-- When a batch run was closed: every item was tried (the run ended), or the artist chose not to
-- go on with it. A run left open with items not done was stopped part way (the window closed,
-- the process was killed, the artist cancelled): the studio offers to resume it. Running the
-- same file again opens the run again.
ALTER TABLE batch_runs ADD COLUMN closed_at TEXT;
