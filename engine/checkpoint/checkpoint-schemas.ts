// Every shape a checkpoint stores, as TypeBox schemas of the current version: what a restore is checked against
// (stored-check.ts) and, through Static, the types the encoders write. One version for all of them.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { Report } from '../intake/report.ts';
import type { Alert } from '../../schemas/alert-event.ts';
import type { ClusterState } from '../incidents/incident-cluster.ts';
import type { DayWindowsState } from '../decide/day-windows.ts';
import type { MergerState } from '../stream/series-merger.ts';

/**
 * The version every checkpoint head carries. 3 since heads stopped nesting versions of their parts; a head of any
 * other version (every earlier head is version 1) is refused, never read.
 */
export const CHECKPOINT_VERSION = 3;

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Code = Nullable(Type.String());
const Strings = Type.Array(Type.String());
const Numbers = Type.Array(Type.Number());
/** -Infinity before the first report; JSON writes it as null. */
const Time = Nullable(Type.Number());

/** A long list stored apart (block-writer.ts): its full blocks' keys, then the rest inline. */
const Blocked = <T extends TSchema>(tail: T) => Type.Object({ blocks: Strings, tail });

export const CountedReportSchema = Type.Object({
  id: Type.String(),
  t: Type.Number(),
  district: Code,
  topic: Code,
  caller: Type.String(),
});

/**
 * A whole report (with incidents tracked, and the reports the event-time gate holds): what counting and clustering
 * read.
 */
export const WholeReportSchema = Type.Unsafe<Report>(
  Type.Object({
    id: Type.String(),
    t: Type.Number(),
    district: Code,
    topic: Code,
    caller: Type.String(),
    text: Type.String(),
    channel: Code,
    raw: Type.Object({ id: Type.String(), receivedAt: Type.String() }),
    enrichment: Type.Optional(Type.Object({})),
  }),
);

export const CountedColumnsSchema = Type.Object({
  cells: Type.Array(Type.Tuple([Code, Code])),
  cell: Numbers,
  ids: Strings,
  base: Type.Number(),
  t: Numbers,
  callers: Strings,
});

/** An open minute's reports, or a block of them: whole (a list) or counted only (columns). */
export const HeldReportsSchema = Type.Union([
  Type.Array(Type.Union([WholeReportSchema, CountedReportSchema])),
  CountedColumnsSchema,
]);
export const IdsSchema = Strings;

export const StoredCounter = Type.Object({
  maxT: Time,
  nextMinute: Nullable(Type.Number()),
  late: Type.Number(),
  open: Type.Array(Type.Tuple([Type.Number(), Type.Union([HeldReportsSchema, Blocked(HeldReportsSchema)])])),
  ids: Nullable(
    Type.Object({
      previousStart: Type.Number(),
      previous: Type.Union([IdsSchema, Blocked(IdsSchema)]),
      start: Type.Number(),
      current: Type.Union([IdsSchema, Blocked(IdsSchema)]),
    }),
  ),
});
export type StoredCounter = Static<typeof StoredCounter>;

export const HeldColumnsSchema = Type.Object({
  minutes: Numbers,
  callerCounts: Numbers,
  callers: Strings,
  idCounts: Numbers,
  reportIds: Strings,
});

/** One closed minute of every cell that held it, in a block: {cell key: [callers, report ids]}. */
export const MinuteBlockSchema = Type.Record(Type.String(), Type.Tuple([Strings, Strings]));

const CityTotals = {
  day: Type.Array(Type.Tuple([Type.String(), Type.Number()])),
  hourCity: Type.Number(),
  dayCity: Type.Number(),
};
/**
 * The decider's windows: each cell's held minutes as columns inline, or as minute numbers whose cells are in minute
 * blocks.
 */
export const StoredCity = Type.Union([
  Type.Object({ cells: Type.Array(Type.Tuple([Type.String(), HeldColumnsSchema, Type.Number()])), ...CityTotals }),
  Type.Object({
    cells: Type.Array(Type.Tuple([Type.String(), Numbers, Type.Number()])),
    minuteBlocks: Type.Array(Type.Tuple([Type.Number(), Type.String()])),
    ...CityTotals,
  }),
]);
export type StoredCity = Static<typeof StoredCity>;

const StoredSuite = Type.Union([
  Type.Object({
    detector: Type.Literal('default'),
    slowRise: Type.Array(
      Type.Tuple([
        Type.String(),
        Type.Object({ s: Type.Number(), hours: Type.Array(Type.Tuple([Type.Number(), Type.Number()])) }),
      ]),
    ),
    days: Type.Optional(
      Type.Unsafe<DayWindowsState>(
        Type.Object({ city: Numbers, districts: Type.Array(Type.Unknown()), cells: Type.Array(Type.Unknown()) }),
      ),
    ),
  }),
  Type.Object({
    detector: Type.Literal('ears'),
    series: Type.Array(Type.Tuple([Type.String(), Type.Object({ hourly: Numbers, c2: Numbers })])),
  }),
]);

/** An alert as the book holds it (the contract's schema would refuse a ratio JSON wrote as null). */
const StoredAlert = Type.Unsafe<Alert>(
  Type.Object({ id: Type.String(), kind: Type.String(), topic: Type.String(), reportIds: Strings }),
);

export const StoredDecider = Type.Object({
  lastMinute: Nullable(Type.Number()),
  minutesInHour: Type.Number(),
  minutesInDay: Type.Number(),
  city: StoredCity,
  baseline: Type.Object({
    cityRate: Type.Array(Type.Number(), { minItems: 168, maxItems: 168 }),
    share: Type.Array(Type.Tuple([Type.String(), Type.Number(), Type.Number()])),
  }),
  book: Type.Array(
    Type.Tuple([Type.String(), Type.Object({ alert: StoredAlert, quietSince: Nullable(Type.Number()) })]),
  ),
  suite: StoredSuite,
});
export type StoredDecider = Static<typeof StoredDecider>;

const StoredCluster = Type.Unsafe<ClusterState>(
  Type.Object({
    key: Type.String(),
    district: Type.String(),
    topic: Type.String(),
    place: Code,
    members: Type.Array(Type.Object({})),
    lastMinute: Type.Number(),
    alert: Nullable(Type.Object({ id: Type.String(), openedMinute: Type.Number() })),
  }),
);

export const StoredEngine = Type.Object({
  counter: StoredCounter,
  decider: StoredDecider,
  incidents: Type.Optional(
    Type.Object({
      clusters: Type.Array(StoredCluster),
      volume: Type.Optional(Type.Object({ firstMinute: Type.Number(), reports: Type.Number() })),
    }),
  ),
});
export type StoredEngine = Static<typeof StoredEngine>;

const Count = Type.Number();
const StoredTally = Type.Object({
  processed: Count,
  counted: Count,
  duplicate: Count,
  late: Count,
  poison: Count,
  quarantined: Type.Object({ ahead: Count, 'ahead-of-clock': Count, 'too-old': Count }),
});

/** `engine.all`: the whole-city engine, its long lists in blocks under `engine.all.blocks.*`. */
export const WholeCheckpoint = Type.Object({
  version: Type.Literal(CHECKPOINT_VERSION),
  /** Every INTAKE message up to this stream sequence is reflected in `engine`. */
  seq: Type.Number(),
  engine: StoredEngine,
  /** Districts whose end-of-feed marker has been seen (replay). */
  ended: Strings,
  tally: StoredTally,
  /** The keys of the blocks `engine` references. */
  blocks: Strings,
  /** Reports the event-time gate holds (covered by `seq`, so acked), and the frontier it judges them by. */
  gate: Type.Object({
    frontier: Nullable(Type.Number()),
    held: Type.Array(
      Type.Object({
        item: Type.Object({ report: WholeReportSchema, seq: Type.Number(), subject: Type.String() }),
        t: Type.Number(),
        support: Type.Number(),
        refute: Type.Number(),
      }),
    ),
  }),
});
export type WholeCheckpoint = Static<typeof WholeCheckpoint>;

/** `count.<district>`: one district's counting unit of a partitioned engine, whole (no blocks). */
export const UnitCheckpoint = Type.Object({
  version: Type.Literal(CHECKPOINT_VERSION),
  district: Type.String(),
  /** INTAKE stream sequence of the last message reflected here. */
  seq: Type.Number(),
  counter: Nullable(StoredCounter),
  through: Nullable(Type.Number()),
  ended: Type.Boolean(),
  markedThrough: Nullable(Type.Number()),
  markedEnded: Type.Boolean(),
  unmarkedMinutes: Numbers,
});
export type UnitCheckpoint = Static<typeof UnitCheckpoint>;

/** The merger of a partitioned engine's decider: how far each district has closed, and the minutes not yet released. */
export const StoredMerger = Type.Unsafe<MergerState>(
  Type.Object({
    next: Nullable(Type.Number()),
    units: Type.Array(
      Type.Tuple([Type.String(), Type.Object({ through: Nullable(Type.Number()), ended: Type.Boolean() })]),
    ),
    expected: Type.Array(Type.Tuple([Type.Number(), Strings])),
    batches: Type.Array(
      Type.Tuple([
        Type.Number(),
        Type.Array(
          Type.Tuple([
            Type.String(),
            Type.Object({
              cells: Type.Array(
                Type.Object({
                  district: Type.String(),
                  topic: Type.String(),
                  reports: Type.Number(),
                  callers: Strings,
                  reportIds: Strings,
                }),
              ),
              reports: Type.Optional(Type.Array(WholeReportSchema)),
            }),
          ]),
        ),
      ]),
    ),
  }),
);

/** `decide`: the decider of a partitioned engine, whole (no blocks). */
export const DeciderCheckpoint = Type.Object({
  version: Type.Literal(CHECKPOINT_VERSION),
  /** Every SERIES message up to this stream sequence is reflected below. */
  seq: Type.Number(),
  merger: StoredMerger,
  engine: StoredEngine,
  minutes: Type.Number(),
  alerts: Type.Number(),
});
export type DeciderCheckpoint = Static<typeof DeciderCheckpoint>;
