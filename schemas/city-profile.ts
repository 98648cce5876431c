// The city profile format: another city is one JSON file that validates against this schema.
// A file may be minimal (CityProfileFile); loading fills the documented defaults into a complete CityProfile.
import { Type, type Static } from '@sinclair/typebox';

const Code = Type.String({ pattern: '^[a-z][a-z0-9_]*$' });
const Aliases = Type.Array(Type.String(), { description: 'Short names (高新, 武侯…)' });
const Weight = Type.Number({ exclusiveMinimum: 0, description: 'Relative share of intake (e.g. population)' });
const Unit = Type.String({ description: 'Responsible unit' });
const Share = Type.Number({ minimum: 0, maximum: 1 });
const DailyVolume = Type.Number({ exclusiveMinimum: 0, description: 'Typical weekday report count' });
const HourShape = Type.Array(Type.Number({ minimum: 0 }), {
  minItems: 24,
  maxItems: 24,
  description: 'Relative intake per local hour',
});
const WeekdayFactors = Type.Array(Type.Number({ minimum: 0 }), {
  minItems: 7,
  maxItems: 7,
  description: 'Monday..Sunday',
});
const Channels = Type.Array(Type.String());

/** What a gazetteer place is; every kind settles its district the same way, the kind is for people and upkeep. */
export const GAZETTEER_KINDS = ['street', 'town', 'community', 'village', 'estate', 'road', 'landmark'] as const;

export const GazetteerPlace = Type.Object({
  name: Type.String({ minLength: 1, description: 'As people write it: 玉林街道, 紫荆小区' }),
  district: Type.String({ minLength: 1, description: "The district's code, name or alias" }),
  kind: Type.Union(
    GAZETTEER_KINDS.map((k) => Type.Literal(k)),
    { description: GAZETTEER_KINDS.join(' | ') },
  ),
  aliases: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { description: 'Other names: 市一医院' })),
  parent: Type.Optional(Type.String({ description: 'The street or town it belongs to (for people; not read)' })),
});
export type GazetteerPlace = Static<typeof GazetteerPlace>;

/** Detector options as `lizheng detect --set key=value` takes them; keys are checked when the profile loads. */
export const DetectorSettings = Type.Record(
  Type.String(),
  Type.Union([Type.Number(), Type.String(), Type.Boolean(), Type.Array(Type.Number())]),
  {
    description: 'key: value as --set key=value accepts them (lizheng options lists the keys); lists as arrays',
  },
);
export type DetectorSettings = Static<typeof DetectorSettings>;

const districtFields = {
  code: Code,
  name: Type.String({ minLength: 1 }),
  kind: Type.Optional(Type.String()),
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
};

export const ProfileDistrict = Type.Object({ ...districtFields, aliases: Aliases, weight: Weight });
export type ProfileDistrict = Static<typeof ProfileDistrict>;

export const ProfileTopic = Type.Object({
  code: Code,
  name: Type.String({ minLength: 1 }),
  unit: Unit,
  share: Share,
  aliases: Aliases,
});
export type ProfileTopic = Static<typeof ProfileTopic>;

const cityFields = {
  city: Type.String(),
  code: Type.String(),
  timezone: Type.String({ description: 'IANA time zone of the city' }),
};

/** A complete profile: what every consumer reads (loadProfile fills a minimal file up to this). */
export const CityProfile = Type.Object({
  ...cityFields,
  dailyVolume: DailyVolume,
  hourShape: HourShape,
  weekdayFactors: WeekdayFactors,
  channels: Channels,
  districts: Type.Array(ProfileDistrict, { minItems: 1 }),
  topics: Type.Array(ProfileTopic, { minItems: 1 }),
  gazetteer: Type.Array(GazetteerPlace),
  detector: Type.Optional(DetectorSettings),
});
export type CityProfile = Static<typeof CityProfile>;

/**
 * A profile as written: city, code, timezone, districts (code, name) and topics (code, name) are required, the rest
 * has a default (engine/profile/profile-defaults.ts). `gazetteer` may be the list or a path, relative to the profile
 * file, to a JSON file holding it (as the file itself or as its `places`).
 */
export const CityProfileFile = Type.Object({
  ...cityFields,
  dailyVolume: Type.Optional(DailyVolume),
  hourShape: Type.Optional(HourShape),
  weekdayFactors: Type.Optional(WeekdayFactors),
  channels: Type.Optional(Channels),
  districts: Type.Array(
    Type.Object({ ...districtFields, aliases: Type.Optional(Aliases), weight: Type.Optional(Weight) }),
    { minItems: 1 },
  ),
  topics: Type.Array(
    Type.Object({
      code: Code,
      name: Type.String({ minLength: 1 }),
      unit: Type.Optional(Unit),
      share: Type.Optional(Share),
      aliases: Type.Optional(Aliases),
    }),
    { minItems: 1 },
  ),
  gazetteer: Type.Optional(
    Type.Union([
      Type.Array(GazetteerPlace),
      Type.String({ minLength: 1, description: 'JSON file: the list, or an object with the list as `places`' }),
    ]),
  ),
  detector: Type.Optional(DetectorSettings),
});
export type CityProfileFile = Static<typeof CityProfileFile>;
