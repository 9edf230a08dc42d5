-- The sub-state of a case in 办理 (working, consulting, awaiting_fee, extension_pending), projected
-- so the 审批 page and the lists can find, e.g., extensions waiting for approval without folding.
ALTER TABLE cases ADD COLUMN handling_state TEXT;
CREATE INDEX cases_agency_handling ON cases (agency_id, handling_state);
