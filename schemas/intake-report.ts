// The intake report contract (docs/architecture.md): one JSON Schema that is also the static type, so validation and
// code never drift.
import { Type, type Static } from '@sinclair/typebox';

/** A report id: no C0 control character and no DEL. */
export const ID_PATTERN = '^[^\\u0000-\\u001f\\u007f]*$';

export const Location = Type.Object(
  {
    address: Type.Optional(Type.String()),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  },
  { additionalProperties: true },
);

export const IntakeReport = Type.Object(
  {
    // No control characters: the id travels as a NATS header (Nats-Msg-Id), where a line break cannot go.
    id: Type.String({
      minLength: 1,
      maxLength: 128,
      pattern: ID_PATTERN,
      description: 'Unique report id; also the JetStream Nats-Msg-Id',
    }),
    receivedAt: Type.String({ minLength: 1, description: 'Event time, ISO 8601 with offset' }),
    text: Type.String({ minLength: 1, description: 'What the citizen said or wrote' }),
    channel: Type.Optional(Type.String({ description: 'hotline, mailbox, web, app, wechat…' })),
    district: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'District code or Chinese name' })),
    topic: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'Topic code or Chinese name' })),
    callerId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    location: Type.Optional(Location),
  },
  { additionalProperties: true, $id: 'IntakeReport', title: 'Intake report' },
);

export type IntakeReport = Static<typeof IntakeReport>;
