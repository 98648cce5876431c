// Every NATS name the pipeline uses — streams, subjects, consumers, buckets, headers — and their limits.
// Nothing else in the project spells a subject or a stream name: it asks this module.
import { UNKNOWN } from '../intake/report.ts';

/** The server the commands talk to unless --nats or NATS_URL names another (here, beside the other names, so a
 * command's --help need not load the NATS client). */
export const DEFAULT_NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** Streams and what they capture. `intake.dead` is its own stream so consumers of INTAKE never see it. */
export const STREAMS = {
  intake: 'INTAKE',
  dead: 'INTAKE_DEAD',
  series: 'SERIES',
  alerts: 'ALERTS',
} as const;

/** Pseudo-topics on `intake.<district>.*` that carry event-time progress, never a report. */
export const CLOCK_TOPIC = '_clock';
export const END_TOPIC = '_end';
/** Pseudo-topic on `series.<district>.*` for the decider: a unit's closed minutes (reports) and progress markers. */
export const MERGE_TOPIC = '_merge';

export const SUBJECTS = {
  /** All reports and clock markers: `intake.<district>.<topic>`. */
  intakeAll: 'intake.*.*',
  dead: 'intake.dead',
  seriesAll: 'series.>',
  /** What the decider of a partitioned engine reads: every district's `_merge` subject. */
  mergeAll: `series.*.${MERGE_TOPIC}`,
  alertsAll: 'alerts.>',
  intake: (district: string | null, topic: string | null) => `intake.${district ?? UNKNOWN}.${topic ?? UNKNOWN}`,
  /** Everything one district's counting unit reads. */
  intakeDistrict: (district: string) => `intake.${district}.*`,
  clock: (district: string) => `intake.${district}.${CLOCK_TOPIC}`,
  end: (district: string) => `intake.${district}.${END_TOPIC}`,
  series: (district: string, topic: string) => `series.${district}.${topic}`,
  merge: (district: string) => `series.${district}.${MERGE_TOPIC}`,
  /** `alerts.<kind>.<district|city>.<topic|all>` (a district alert is every topic of its district). */
  alert: (kind: string, district: string | null, topic: string | null) =>
    `alerts.${kind}.${district ?? 'city'}.${topic ?? 'all'}`,
  /** People's actions on alerts (schemas/alert-workflow.ts LiveAlertChange), in ALERTS beside the engine's events. */
  workflow: 'alerts.workflow',
} as const;

/** Headers the pipeline reads or writes besides JetStream's own. */
export const HEADERS = {
  msgId: 'Nats-Msg-Id',
  /** Newest event time (epoch ms) the publisher had seen when it sent this message: a source watermark. */
  sourceTime: 'Lizheng-Source-Time',
  /** Dead letters: why the message was rejected, and where it came from. */
  reason: 'Lizheng-Reason',
  origSubject: 'Lizheng-Orig-Subject',
  origSeq: 'Lizheng-Orig-Seq',
} as const;

/** Durable consumer names. A district's consumer keeps its name whichever partition owns it. */
export const CONSUMERS = {
  /** One process counting and deciding for the whole city. */
  whole: 'engine-all',
  district: (district: string) => `count-${district}`,
  decider: 'decide',
} as const;

export const CHECKPOINT_BUCKET = 'lizheng_checkpoints';
export const HEALTH_BUCKET = 'lizheng_health';
/** One lease per engine role (the checkpoint key it owns), so two processes never consume for the same role. */
export const LEASE_BUCKET = 'lizheng_leases';

/** Checkpoint keys in CHECKPOINT_BUCKET, one per durable consumer they cover. */
export const CHECKPOINT_KEYS = {
  whole: 'engine.all',
  district: (district: string) => `count.${district}`,
  decider: 'decide',
} as const;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Stream limits; each can be overridden at start-up (`--intake-max-age` etc. or the environment). */
export interface StreamLimits {
  /** How long reports stay in INTAKE (replayable by a fresh engine). */
  readonly intakeMaxAgeMs: number;
  readonly intakeMaxBytes: number;
  /** Nats-Msg-Id duplicate window of INTAKE: a report id republished inside it is stored once. */
  readonly intakeDuplicateWindowMs: number;
  readonly deadMaxAgeMs: number;
  readonly seriesMaxAgeMs: number;
  readonly alertsMaxAgeMs: number;
  /** Republished alert events (after a crash) inside this window are stored once. */
  readonly alertsDuplicateWindowMs: number;
  readonly seriesDuplicateWindowMs: number;
}

export const DEFAULT_LIMITS: StreamLimits = {
  intakeMaxAgeMs: 30 * DAY_MS,
  intakeMaxBytes: 8 * 1024 ** 3,
  intakeDuplicateWindowMs: 2 * HOUR_MS,
  deadMaxAgeMs: 30 * DAY_MS,
  seriesMaxAgeMs: 7 * DAY_MS,
  alertsMaxAgeMs: 365 * DAY_MS,
  alertsDuplicateWindowMs: 2 * HOUR_MS,
  seriesDuplicateWindowMs: 2 * HOUR_MS,
};

/** Consumer and client tuning; see the README section "JetStream pipeline" for how these were chosen. */
export const TUNING = {
  /** Messages one pull asks for; the client re-pulls at 75 % consumed, so about this many are buffered. */
  pullBatch: 1024,
  /**
   * Unacknowledged messages the server lets a consumer hold. Acks wait for a checkpoint, so this must
   * exceed what one checkpoint interval processes, plus one pull batch.
   */
  maxAckPending: 200_000,
  /**
   * Redelivery after this long without an ack. Acks follow checkpoints, so it is at least four
   * checkpoint intervals: a shorter one would make the server resend everything unacked.
   */
  ackWaitMs: 120_000,
  /** Checkpoint (and then ack) every this many messages or this often, whichever comes first. */
  checkpointEveryMessages: 50_000,
  checkpointEveryMs: 1_000,
  /** At most this share of the time goes to capturing state: a capture of c ms is followed by ≥ 19c ms without one. */
  checkpointCaptureShare: 0.05,
  /** Publish: acks in flight at most, ack timeout, and how long to keep retrying one message. */
  publishInFlight: 2_048,
  publishAckTimeoutMs: 5_000,
  publishGiveUpMs: 120_000,
  /** Replay: a district silent this long in event time gets a clock marker so partitions keep closing minutes. */
  clockEveryMs: 10 * 60_000,
  /** Live mode: with no message for this long, the watermark follows the wall clock. */
  idleTickMs: 1_000,
  /** KV values above this are split into chunks (server max_payload defaults to 1 MiB). */
  checkpointChunkBytes: 512 * 1024,
} as const;

/** Parse an override like `30d`, `12h`, `90m`, `45s` or plain milliseconds. */
export function parseDuration(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!m) return null;
  const unit = { ms: 1, s: 1000, m: 60_000, h: HOUR_MS, d: DAY_MS }[m[2] ?? 'ms']!;
  return Math.round(Number(m[1]) * unit);
}
