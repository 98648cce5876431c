// The settled report INTAKE carries (issue 13): the edge validated, settled and enriched the report once, so the
// engine checks this envelope and never reads the Chinese text again. JSON Schema and static type from one source.
import { Type, type Static } from '@sinclair/typebox';
import { ID_PATTERN, IntakeReport } from './intake-report.ts';

const Words = Type.Array(Type.String());

export const SettledTopic = Type.Object({
  value: Type.String(),
  confidence: Type.Number(),
  source: Type.Union([Type.Literal('field'), Type.Literal('model'), Type.Literal('lexicon')]),
  evidence: Words,
  review: Type.Optional(Type.Literal(true)),
});

export const SettledDistrict = Type.Object({
  value: Type.Union([Type.String(), Type.Null()]),
  source: Type.Union([Type.Literal('field'), Type.Literal('text'), Type.Literal('address'), Type.Literal('none')]),
  evidence: Type.Optional(Words),
});

/** What the edge's text understanding decided and why (engine/enrich/enrichment.ts). */
export const SettledEnrichment = Type.Object({
  topic: SettledTopic,
  district: SettledDistrict,
  places: Words,
  urgency: Type.Object({ score: Type.Number(), signals: Words }),
});

export const SettledReport = Type.Object(
  {
    // A version, so a later envelope can be told apart from this one by the engine that reads it.
    v: Type.Literal(1),
    id: Type.String({
      minLength: 1,
      maxLength: 128,
      pattern: ID_PATTERN,
      description: 'The report id; also the Nats-Msg-Id',
    }),
    t: Type.Integer({ description: 'Event time, epoch ms, read from receivedAt at the edge' }),
    receivedAt: Type.String({
      minLength: 1,
      description: 'Event time as received (with its offset written in under --local-times)',
    }),
    district: Type.Union([Type.String(), Type.Null()], { description: 'Settled district code; null = unknown' }),
    topic: Type.Union([Type.String(), Type.Null()], { description: 'Settled topic code; null = unknown' }),
    caller: Type.String({ minLength: 1, description: 'callerId, or report:<id> for a report without one' }),
    channel: Type.Union([Type.String(), Type.Null()]),
    enrichment: Type.Optional(SettledEnrichment),
    // The text is raw.text, written once: repeated, it was a third of the message and of the engine's JSON.parse.
    raw: IntakeReport,
  },
  { additionalProperties: true, $id: 'SettledReport', title: 'Settled intake report (INTAKE payload)' },
);

export type SettledReport = Static<typeof SettledReport>;
