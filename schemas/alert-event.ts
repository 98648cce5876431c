// The alert stream contract (docs/architecture.md): what `lizheng detect` prints and what NATS and Socket.IO carry.
import { Type, type Static } from '@sinclair/typebox';

/**
 * surge: one cell; incident: one place inside a cell; citywide: one topic in many districts (district null);
 * district: every topic of one district together, a district-wide busy day (topic null).
 */
export const AlertKind = Type.Union([
  Type.Literal('surge'),
  Type.Literal('incident'),
  Type.Literal('citywide'),
  Type.Literal('district'),
]);
export type AlertKind = Static<typeof AlertKind>;

/** open → acknowledged → dispatched → resolved; people move the middle two, the engine may resolve. */
export const AlertStatus = Type.Union([
  Type.Literal('open'),
  Type.Literal('acknowledged'),
  Type.Literal('dispatched'),
  Type.Literal('resolved'),
]);
export type AlertStatus = Static<typeof AlertStatus>;

export const Alert = Type.Object(
  {
    id: Type.String({ description: 'Derived from kind, cell and opening bucket: replays reproduce it' }),
    kind: AlertKind,
    district: Type.Union([Type.String(), Type.Null()], { description: 'null for citywide alerts' }),
    topic: Type.Union([Type.String(), Type.Null()], {
      description: 'null for district alerts: every topic of the district together',
    }),
    openedAt: Type.String({ description: 'Event time of the minute bucket that opened the alert' }),
    updatedAt: Type.String({ description: 'Event time of the last change' }),
    resolvedAt: Type.Optional(Type.String()),
    count: Type.Integer({ minimum: 0, description: 'Reports in the alert window' }),
    distinctCallers: Type.Integer({ minimum: 0 }),
    expected: Type.Number({ minimum: 0, description: 'Distinct callers the baseline expects in the window' }),
    ratio: Type.Number({ minimum: 0 }),
    windowMinutes: Type.Integer({ minimum: 1 }),
    pValue: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    score: Type.Number({ description: 'Detector score: −log10 p, CUSUM statistic or EARS z' }),
    detector: Type.String({
      description: 'Which test raised it: window-nb, slow-rise, ears-c3, citywide, district-wide…',
    }),
    status: AlertStatus,
    summary: Type.String(),
    reportIds: Type.Array(Type.String()),
    districts: Type.Optional(Type.Array(Type.String(), { description: 'citywide: districts above expectation' })),
    topics: Type.Optional(Type.Array(Type.String(), { description: 'district: topics above expectation' })),
    place: Type.Optional(Type.String({ description: 'incident: the place reported' })),
    incidentIds: Type.Optional(Type.Array(Type.String(), { description: 'surge: incident alerts inside this cell' })),
  },
  { additionalProperties: true, $id: 'Alert', title: 'Alert' },
);
export type Alert = Static<typeof Alert>;

export const AlertEventType = Type.Union([
  Type.Literal('alert.opened'),
  Type.Literal('alert.updated'),
  Type.Literal('alert.resolved'),
]);
export type AlertEventType = Static<typeof AlertEventType>;

export const AlertEvent = Type.Object(
  { type: AlertEventType, alert: Alert },
  { $id: 'AlertEvent', title: 'Alert event' },
);
export type AlertEvent = Static<typeof AlertEvent>;
