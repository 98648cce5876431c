// The ground truth of a generated feed: which surges were injected and which decoys must stay silent.
// `lizheng generate` writes it as truth.json; `lizheng score` reads it back through the same schema.
import { Type, type Static } from '@sinclair/typebox';

export const SurgeKind = Type.Union([
  Type.Literal('incident'),
  Type.Literal('small_incident'),
  Type.Literal('slow_burn'),
  Type.Literal('citywide'),
]);
export type SurgeKind = Static<typeof SurgeKind>;
export const SURGE_KINDS: readonly SurgeKind[] = ['incident', 'small_incident', 'slow_burn', 'citywide'];

export const DecoyKind = Type.Union([Type.Literal('repeat_caller'), Type.Literal('morning_peak')]);
export type DecoyKind = Static<typeof DecoyKind>;

const IsoTime = Type.String({ minLength: 16, description: 'ISO 8601 with the city offset' });

export const TruthSurge = Type.Object({
  id: Type.String(),
  kind: SurgeKind,
  district: Type.Union([Type.String(), Type.Null()], { description: 'null for citywide' }),
  topic: Type.String(),
  start: IsoTime,
  end: IsoTime,
  people: Type.Integer({ minimum: 0, description: 'Distinct callers injected' }),
  place: Type.Union([Type.String(), Type.Null()], { description: 'incidents: the place everyone names' }),
  problem: Type.Optional(Type.String()),
  multiplier: Type.Optional(Type.Number({ description: 'slow_burn and citywide: rate relative to normal' })),
  reportIds: Type.Array(Type.String()),
});
export type TruthSurge = Static<typeof TruthSurge>;

export const TruthDecoy = Type.Object({
  id: Type.String(),
  kind: DecoyKind,
  district: Type.Union([Type.String(), Type.Null()], { description: 'null for a citywide window' }),
  topic: Type.Union([Type.String(), Type.Null()]),
  start: IsoTime,
  end: IsoTime,
  callerId: Type.Optional(Type.String()),
  reportIds: Type.Array(Type.String()),
});
export type TruthDecoy = Static<typeof TruthDecoy>;

/**
 * A district-wide busy (or quiet) spell that benchmarks/district-busy-days.mts adds to a generated feed: every topic
 * of the district up (down) together. Not a surge to find; a district alert during a busy one is explained.
 */
export const TruthBusyDay = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('busy'), Type.Literal('quiet')]),
  district: Type.String(),
  start: IsoTime,
  end: IsoTime,
});
export type TruthBusyDay = Static<typeof TruthBusyDay>;

export const Truth = Type.Object({
  version: Type.Literal(1),
  profile: Type.String(),
  seed: Type.String(),
  days: Type.Integer({ minimum: 1 }),
  start: IsoTime,
  end: IsoTime,
  injectFrom: IsoTime,
  reports: Type.Integer({ minimum: 0 }),
  surges: Type.Array(TruthSurge),
  decoys: Type.Array(TruthDecoy),
  busyDays: Type.Optional(Type.Array(TruthBusyDay)),
});
export type Truth = Static<typeof Truth>;
