-- The officer workflow beside the engine's figures (schemas/alert-workflow.ts AlertWorkflow): the deadline class
-- of a dispatch and when it falls due, when and by whom the unit signed for it (签收), who resolved the alert (an officer, or "engine" when it went quiet while
-- nobody held it), and whether the engine saw a held alert go quiet. `status` is now the merged status.
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS deadline text;
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS due_at timestamptz;
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS signed_at timestamptz;
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS signed_by text;
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS resolved_by text;
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS quiet boolean NOT NULL DEFAULT false;
-- The units view and the overdue filter read dispatched alerts by unit and due time.
CREATE INDEX IF NOT EXISTS alerts_unit_due ON alerts (unit, due_at) WHERE dispatched_at IS NOT NULL;
