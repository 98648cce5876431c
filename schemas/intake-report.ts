// The intake report contract (DESIGN.md): one JSON Schema that is also the static type, so validation and code never drift.
import { Type, type Static } from '@sinclair/typebox';

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
    id: Type.String({ minLength: 1, maxLength: 128, description: 'Unique report id; also the JetStream Nats-Msg-Id' }),
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
