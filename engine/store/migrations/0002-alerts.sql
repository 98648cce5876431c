-- Alerts: `alerts` holds each alert's current state, `alert_events` every transition, engine's and people's.
CREATE TABLE IF NOT EXISTS alerts (
  id               text PRIMARY KEY,
  kind             text        NOT NULL,
  district         text,
  topic            text        NOT NULL,
  status           text        NOT NULL,
  opened_at        timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  resolved_at      timestamptz,
  acknowledged_at  timestamptz,
  acknowledged_by  text,
  dispatched_at    timestamptz,
  dispatched_by    text,
  unit             text,
  note             text,
  count            integer          NOT NULL,
  distinct_callers integer          NOT NULL,
  expected         double precision NOT NULL,
  score            double precision NOT NULL,
  detector         text NOT NULL,
  summary          text NOT NULL,
  data             jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS alerts_opened ON alerts (opened_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS alerts_status ON alerts (status, opened_at DESC);

CREATE TABLE IF NOT EXISTS alert_events (
  seq         bigserial PRIMARY KEY,
  key         text        NOT NULL UNIQUE,
  alert_id    text        NOT NULL,
  type        text        NOT NULL,
  at          timestamptz NOT NULL,
  status      text        NOT NULL,
  actor       text,
  note        text,
  unit        text,
  alert       jsonb       NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS alert_events_alert ON alert_events (alert_id, at, seq);
