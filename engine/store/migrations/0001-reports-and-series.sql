-- Raw intake reports and the per-minute cell series: the two time-series tables.
-- Unique keys include the time column because both partitioned tables and hypertables require it;
-- a redelivered report carries the same id and receivedAt, so (id, received_at) stops it twice.
CREATE TABLE IF NOT EXISTS reports (
  id          text        NOT NULL,
  received_at timestamptz NOT NULL,
  channel     text,
  district    text,
  topic       text,
  caller      text        NOT NULL,
  text        text        NOT NULL,
  location    jsonb,
  incident_id text,
  late        boolean     NOT NULL DEFAULT false,
  raw         jsonb       NOT NULL,
  PRIMARY KEY (id, received_at)
) {{PARTITION_BY_TIME received_at}};
{{TIME_INDEX reports received_at}};
CREATE INDEX IF NOT EXISTS reports_incident ON reports (incident_id) WHERE incident_id IS NOT NULL;

CREATE TABLE IF NOT EXISTS series_1m (
  bucket   timestamptz NOT NULL,
  district text        NOT NULL,
  topic    text        NOT NULL,
  reports  integer     NOT NULL,
  callers  integer     NOT NULL,
  PRIMARY KEY (bucket, district, topic)
) {{PARTITION_BY_TIME bucket}};
{{TIME_INDEX series_1m bucket}};
CREATE INDEX IF NOT EXISTS series_1m_cell ON series_1m (district, topic, bucket) INCLUDE (reports, callers);
CREATE INDEX IF NOT EXISTS series_1m_topic ON series_1m (topic, bucket) INCLUDE (reports, callers);
