// The city profile format: another city is one JSON file that validates against this schema.
import { Type, type Static } from '@sinclair/typebox';

export const ProfileDistrict = Type.Object({
  code: Type.String({ pattern: '^[a-z][a-z0-9_]*$' }),
  name: Type.String({ minLength: 1 }),
  kind: Type.Optional(Type.String()),
  aliases: Type.Array(Type.String()),
  weight: Type.Number({ exclusiveMinimum: 0, description: 'Relative share of intake (e.g. population)' }),
  population: Type.Optional(
    Type.Integer({ minimum: 1, description: 'Resident population: the morning report prints reports per 10,000' }),
  ),
  landmarks: Type.Optional(Type.Array(Type.String(), { description: 'Well-known places that settle the district' })),
  cartogram: Type.Optional(
    Type.Object(
      { row: Type.Integer({ minimum: 0 }), col: Type.Integer({ minimum: 0 }) },
      { description: "The district's square on the wall's tile map, keeping neighbours roughly where they are" },
    ),
  ),
});
export type ProfileDistrict = Static<typeof ProfileDistrict>;

export const ProfileTopic = Type.Object({
  code: Type.String({ pattern: '^[a-z][a-z0-9_]*$' }),
  name: Type.String({ minLength: 1 }),
  unit: Type.String({ description: 'Responsible unit' }),
  share: Type.Number({ minimum: 0, maximum: 1 }),
  aliases: Type.Array(Type.String()),
});
export type ProfileTopic = Static<typeof ProfileTopic>;

export const CityProfile = Type.Object({
  city: Type.String(),
  code: Type.String(),
  timezone: Type.String({ description: 'IANA time zone of the city' }),
  dailyVolume: Type.Number({ exclusiveMinimum: 0, description: 'Typical weekday report count' }),
  hourShape: Type.Array(Type.Number({ minimum: 0 }), {
    minItems: 24,
    maxItems: 24,
    description: 'Relative intake per local hour',
  }),
  weekdayFactors: Type.Array(Type.Number({ minimum: 0 }), { minItems: 7, maxItems: 7, description: 'Monday..Sunday' }),
  channels: Type.Array(Type.String()),
  districts: Type.Array(ProfileDistrict, { minItems: 1 }),
  topics: Type.Array(ProfileTopic, { minItems: 1 }),
});
export type CityProfile = Static<typeof CityProfile>;
