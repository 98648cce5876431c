// Creates or updates the pipeline's streams and KV buckets at start-up, idempotently: running it twice,
// or from several processes at once, leaves one set of streams with the configured limits.
import {
  DiscardPolicy,
  JetStreamApiCodes,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import {
  CHECKPOINT_BUCKET,
  DEFAULT_LIMITS,
  HEALTH_BUCKET,
  STREAMS,
  SUBJECTS,
  type StreamLimits,
} from './nats-names.ts';
import { STREAM_NAME_IN_USE, StreamError, isApiError } from './stream-errors.ts';

type Desired = Pick<
  StreamConfig,
  'name' | 'subjects' | 'storage' | 'retention' | 'discard' | 'max_age' | 'max_bytes' | 'duplicate_window'
>;

/** The four streams as this version of Lizheng wants them. */
export function desiredStreams(limits: StreamLimits = DEFAULT_LIMITS): Desired[] {
  // JetStream refuses a duplicate window longer than the stream keeps messages.
  const window = (dupMs: number, ageMs: number) => nanos(Math.min(dupMs, ageMs));
  const base = {
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_bytes: -1,
  };
  return [
    {
      ...base,
      name: STREAMS.intake,
      subjects: [SUBJECTS.intakeAll],
      max_age: nanos(limits.intakeMaxAgeMs),
      max_bytes: limits.intakeMaxBytes,
      duplicate_window: window(limits.intakeDuplicateWindowMs, limits.intakeMaxAgeMs),
    },
    {
      ...base,
      name: STREAMS.dead,
      subjects: [SUBJECTS.dead],
      max_age: nanos(limits.deadMaxAgeMs),
      duplicate_window: window(60_000, limits.deadMaxAgeMs),
    },
    {
      ...base,
      name: STREAMS.series,
      subjects: [SUBJECTS.seriesAll],
      max_age: nanos(limits.seriesMaxAgeMs),
      duplicate_window: window(limits.seriesDuplicateWindowMs, limits.seriesMaxAgeMs),
    },
    {
      ...base,
      name: STREAMS.alerts,
      subjects: [SUBJECTS.alertsAll],
      max_age: nanos(limits.alertsMaxAgeMs),
      duplicate_window: window(limits.alertsDuplicateWindowMs, limits.alertsMaxAgeMs),
    },
  ];
}

/** Does the stored config already say what we want (on the fields we set)? */
function matches(current: StreamConfig, want: Desired): boolean {
  return (Object.keys(want) as Array<keyof Desired>).every(
    (k) => JSON.stringify(current[k]) === JSON.stringify(want[k]),
  );
}

async function ensureStream(jsm: JetStreamManager, want: Desired): Promise<'created' | 'updated' | 'unchanged'> {
  let current: StreamConfig | null = null;
  try {
    current = (await jsm.streams.info(want.name)).config;
  } catch (err) {
    if (!isApiError(err, JetStreamApiCodes.StreamNotFound)) throw err;
  }
  if (current === null) {
    try {
      await jsm.streams.add(want);
      return 'created';
    } catch (err) {
      // Another process created it between our info and add: fall through to the update check.
      if (!isApiError(err, STREAM_NAME_IN_USE)) throw err;
      current = (await jsm.streams.info(want.name)).config;
    }
  }
  if (matches(current, want)) return 'unchanged';
  const { name, ...rest } = want;
  await jsm.streams.update(name, { ...current, ...rest });
  return 'updated';
}

/** Create or update INTAKE, INTAKE_DEAD, SERIES and ALERTS. Returns what happened to each. */
export async function ensureStreams(
  jsm: JetStreamManager,
  limits: StreamLimits = DEFAULT_LIMITS,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const want of desiredStreams(limits)) {
    try {
      out[want.name] = await ensureStream(jsm, want);
    } catch (cause) {
      throw new StreamError(`cannot create or update stream ${want.name}: ${(cause as Error).message}`, { cause });
    }
  }
  return out;
}

/** Open (creating if needed) the checkpoint bucket: file storage, two revisions per key. */
export async function openCheckpointBucket(nc: NatsConnection): Promise<KV> {
  try {
    return await new Kvm(nc).create(CHECKPOINT_BUCKET, {
      history: 2,
      storage: StorageType.File,
      description: 'Lizheng engine checkpoints',
    });
  } catch (cause) {
    throw new StreamError(`cannot open KV bucket ${CHECKPOINT_BUCKET}: ${(cause as Error).message}`, { cause });
  }
}

/** Open (creating if needed) the readiness bucket the gateway reads; entries expire if a process dies. */
export async function openHealthBucket(nc: NatsConnection): Promise<KV> {
  try {
    return await new Kvm(nc).create(HEALTH_BUCKET, {
      history: 1,
      storage: StorageType.Memory,
      ttl: 60_000,
      description: 'Lizheng engine readiness',
    });
  } catch (cause) {
    throw new StreamError(`cannot open KV bucket ${HEALTH_BUCKET}: ${(cause as Error).message}`, { cause });
  }
}
