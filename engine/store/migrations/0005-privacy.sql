-- Citizens' privacy (issue 17): each report's text with identifiers replaced (engine/privacy/redact-text.ts) is kept
-- beside the raw text for every surface that is not officer-only, and the raw text and payload may be emptied once
-- they pass their retention age (engine/store/raw-text-retention.ts) while the row, its codes and hashed caller stay
-- for the aggregates. `forgotten_at` records when that happened.
ALTER TABLE reports ADD COLUMN IF NOT EXISTS text_redacted text;
ALTER TABLE reports ADD COLUMN IF NOT EXISTS forgotten_at timestamptz;
ALTER TABLE reports ALTER COLUMN text DROP NOT NULL;
ALTER TABLE reports ALTER COLUMN raw DROP NOT NULL;
-- Rows still waiting for their redacted text (written before this migration): few or none, found without a scan.
CREATE INDEX IF NOT EXISTS reports_unredacted ON reports (received_at) WHERE text_redacted IS NULL AND text IS NOT NULL;
