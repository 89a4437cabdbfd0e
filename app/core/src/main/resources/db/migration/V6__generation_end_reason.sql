-- Why a generation ended without finishing, beyond its status. 'interrupted': the process that ran
-- it ended first (found RUNNING at the next start). The status column's CHECK predates that case,
-- so such a row keeps status 'FAILED' and reads back as INTERRUPTED.
ALTER TABLE generations ADD COLUMN end_reason TEXT;
