-- The archived morning reports: one per city profile and local day, with the figures they were built from.
CREATE TABLE IF NOT EXISTS daily_reports (
  profile      text        NOT NULL,
  day          date        NOT NULL,
  generated_at timestamptz NOT NULL DEFAULT now(),
  summary      jsonb       NOT NULL,
  html         text,
  pdf          bytea,
  PRIMARY KEY (profile, day)
);
