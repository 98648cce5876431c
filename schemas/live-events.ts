// The Socket.IO contract between the gateway and the dashboard: one typed event map both sides import, and the
// payloads as TypeBox (the REST routes that answer the same figures reuse these schemas).
import { Type, type Static } from '@sinclair/typebox';
import { LiveAlert, LiveAlertChange } from './alert-workflow.ts';

/** One district × topic cell: the last window against the same window of past weeks (codes only: it goes out
 * twice a second to every wall, which reads the labels once from the profile or GET /api/cells). */
export const SnapshotCell = Type.Object(
  {
    district: Type.String({ description: 'District code' }),
    topic: Type.String({ description: 'Topic code' }),
    reports: Type.Integer({ minimum: 0, description: 'Reports in the last window (closed minutes)' }),
    callers: Type.Integer({ minimum: 0, description: "Sum of each minute's distinct callers in the window" }),
    expectedReports: Type.Number({ minimum: 0, description: 'Mean of the same window in the past weeks' }),
    expectedCallers: Type.Number({ minimum: 0 }),
    score: Type.Number({ description: '(callers − expected) / √(expected + 1): rough standard deviations above' }),
  },
  { $id: 'SnapshotCell', title: 'Cell now against expected' },
);
export type SnapshotCell = Static<typeof SnapshotCell>;

/** A cell as GET /api/cells answers it: with its Chinese labels and codes. */
export const CellFigure = Type.Intersect(
  [
    SnapshotCell,
    Type.Object({
      districtLabel: Type.String({ description: '高新区 (gaoxin)' }),
      topicLabel: Type.String({ description: '物业管理 (property)' }),
    }),
  ],
  { $id: 'CellFigure', title: 'Cell now against expected, labelled' },
);
export type CellFigure = Static<typeof CellFigure>;

const StatusCounts = Type.Object({
  open: Type.Integer({ minimum: 0 }),
  acknowledged: Type.Integer({ minimum: 0 }),
  dispatched: Type.Integer({ minimum: 0 }),
});

/** The wall's header figures, the same in a snapshot and in GET /api/summary. */
export const LiveKpis = Type.Object(
  {
    day: Type.String({ description: 'Local day of the feed clock, YYYY-MM-DD' }),
    reportsToday: Type.Integer({ minimum: 0, description: 'Reports in closed minutes of the local day' }),
    reportsLastHour: Type.Integer({ minimum: 0, description: 'Reports in the last 60 closed minutes' }),
    openAlerts: Type.Integer({ minimum: 0, description: 'Alerts not resolved' }),
    openByStatus: StatusCounts,
    openByKind: Type.Object({
      surge: Type.Integer({ minimum: 0 }),
      incident: Type.Integer({ minimum: 0 }),
      citywide: Type.Integer({ minimum: 0 }),
      district: Type.Integer({ minimum: 0 }),
    }),
  },
  { $id: 'LiveKpis', title: 'Headline figures' },
);
export type LiveKpis = Static<typeof LiveKpis>;

export const Snapshot = Type.Object(
  {
    at: Type.String({ description: 'Feed time the snapshot describes (event time in a replay or demo), ISO' }),
    t: Type.Number({ description: 'The same, epoch ms' }),
    builtAt: Type.Number({ description: 'Wall-clock epoch ms when the gateway built it (delivery latency)' }),
    windowMinutes: Type.Integer({ minimum: 1 }),
    weeks: Type.Integer({ minimum: 1, description: 'Past weeks whose same window makes the expectation' }),
    kpis: LiveKpis,
    cells: Type.Array(SnapshotCell, {
      description: 'Cells with reports now or in the past weeks, highest score first',
    }),
  },
  { $id: 'Snapshot', title: 'Live snapshot' },
);
export type Snapshot = Static<typeof Snapshot>;

const MinuteFigure = {
  minute: Type.Integer({ description: 'Epoch minute index, floor(epochMs / 60000)' }),
  reports: Type.Integer({ minimum: 0 }),
  callers: Type.Integer({ minimum: 0, description: "Distinct callers of each cell's minute, summed" }),
};

/**
 * Minutes closed since the previous `series` event (a delta for trend lines). Every client gets the city's totals;
 * a cell's own minutes go only to clients that follow its trend (room `{trend: {district, topic}}`), because in a
 * fast replay hundreds of minutes close each second and every cell's share would swamp every wall.
 */
export const SeriesMinutes = Type.Object(
  {
    city: Type.Array(Type.Object(MinuteFigure), {
      description:
        "The whole city's closed cell minutes, summed per minute; a minute comes again when more of its cells close later: add",
    }),
    minutes: Type.Array(Type.Object({ district: Type.String(), topic: Type.String(), ...MinuteFigure }), {
      description: 'Closed minutes of the cells this client follows',
    }),
  },
  { $id: 'SeriesMinutes', title: 'Closed minutes' },
);
export type SeriesMinutes = Static<typeof SeriesMinutes>;

/** An alert change with its ALERTS stream sequence: a client keeps the last one and reconnects with it. */
export const SequencedAlertChange = Type.Intersect([LiveAlertChange, Type.Object({ seq: Type.Integer() })], {
  $id: 'SequencedAlertChange',
});
export type SequencedAlertChange = Static<typeof SequencedAlertChange>;

/** The whole board when a client's missed changes are no longer held: replace, do not merge. */
export const AlertBoardState = Type.Object(
  {
    seq: Type.Integer({ description: 'ALERTS sequence the board reflects; later changes follow as `alert`' }),
    alerts: Type.Array(LiveAlert, { description: 'Unresolved alerts, and those resolved in the last day' }),
  },
  { $id: 'AlertBoardState', title: 'Alert board' },
);
export type AlertBoardState = Static<typeof AlertBoardState>;

export const EngineStatus = Type.Object(
  {
    ready: Type.Boolean({ description: 'Every engine process reported ready (false when none reported)' }),
    lagMessages: Type.Integer({ minimum: 0, description: 'Largest lag among the engine processes' }),
    watermark: Type.Union([Type.String(), Type.Null()], { description: 'Newest event time the engine reached' }),
    roles: Type.Array(Type.String()),
  },
  { $id: 'EngineStatus', title: 'Engine health' },
);
export type EngineStatus = Static<typeof EngineStatus>;

/**
 * A room a client may join: every alert, or those of one district or one topic (code or Chinese name), or the
 * closed minutes of one cell's trend.
 */
export type RoomRequest =
  | { readonly all: true }
  | { readonly district: string }
  | { readonly topic: string }
  | { readonly trend: { readonly district: string; readonly topic: string } };
export type RoomAnswer = { readonly ok: true; readonly room: string } | { readonly ok: false; readonly error: string };

/**
 * What a client sends in the handshake: `auth: {token, lastSeq?, rooms?}` (or `?token=` in the URL). `lastSeq`
 * is the last `alert.seq` it applied; `rooms` the rooms to be in from the start (default: every alert).
 */
export interface LiveHandshake {
  readonly token?: string;
  readonly lastSeq?: number;
  readonly rooms?: readonly RoomRequest[];
}

export interface ServerToClientEvents {
  /** At most two a second; the first right after connecting. */
  snapshot: (snapshot: Snapshot) => void;
  series: (delta: SeriesMinutes) => void;
  /** Every change, in ALERTS order, to the rooms of its district and topic and the all-alerts room. */
  alert: (change: SequencedAlertChange) => void;
  /** On connect when the client's missed changes cannot be replayed: the full board. */
  alerts: (state: AlertBoardState) => void;
  engine: (status: EngineStatus) => void;
}

export interface ClientToServerEvents {
  join: (room: RoomRequest, answer: (result: RoomAnswer) => void) => void;
  leave: (room: RoomRequest, answer: (result: RoomAnswer) => void) => void;
}
