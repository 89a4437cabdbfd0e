-- License terms: the share-alike condition and a plain-language summary for the studio.
-- terms_sha256 is the SHA-256 of terms_text with line endings normalised to \n (UTF-8).

ALTER TABLE licenses ADD COLUMN share_alike INTEGER NOT NULL DEFAULT 0 CHECK (share_alike IN (0, 1));
ALTER TABLE licenses ADD COLUMN summary TEXT NOT NULL DEFAULT '';
