-- A message deleted on its platform: its words and attachments go, the row stays (jobs point at
-- it) with the time it was deleted, and it never counts as history again.
ALTER TABLE turn ADD COLUMN deleted_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE turn ADD COLUMN edited_at TIMESTAMP WITH TIME ZONE;
