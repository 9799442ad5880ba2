-- What the backend really ran for each image (its own names for checkpoint and sampler, the seed,
-- notes where it differs from the plan) and how long the render took.
ALTER TABLE image ADD COLUMN ran_checkpoint VARCHAR(300);
ALTER TABLE image ADD COLUMN ran_sampler VARCHAR(100);
ALTER TABLE image ADD COLUMN ran_seed BIGINT;
ALTER TABLE image ADD COLUMN ran_notes VARCHAR(2000);
ALTER TABLE image ADD COLUMN render_ms BIGINT;
