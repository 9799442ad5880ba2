-- Which models each place may use. A scope without a row allows everything (the default).
-- scope: 'global', '<platform>:workspace:<id>' (a Discord server, a Slack workspace) or '<platform>:channel:<id>'.
-- rules: one per line, each 'model:ID', 'tag:TAG', 'base:BASE' or 'type:TYPE'.
CREATE TABLE model_policy (
    scope      VARCHAR(200)  NOT NULL PRIMARY KEY,
    mode       VARCHAR(16)   NOT NULL,
    rules      VARCHAR(8000) NOT NULL,
    updated_by VARCHAR(200)  NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Replaced by model_policy before anything wrote to it.
DROP TABLE model_allowlist;

-- Whether the job was asked for in a place that allows NSFW-flagged models (a Discord age-restricted
-- channel of a server that opted in); planning masks them out otherwise.
ALTER TABLE generation_job ADD COLUMN adult_ok BOOLEAN DEFAULT FALSE NOT NULL;

-- Quotas count a person's jobs per hour and day; forgetting a person and purging files look up by these.
CREATE INDEX job_by_requester_time ON generation_job (requester, created_at);
CREATE INDEX turn_by_author ON turn (platform, author_id);
CREATE INDEX attachment_by_sha ON attachment (sha256);
CREATE INDEX audit_by_subject ON audit_log (subject, at);
