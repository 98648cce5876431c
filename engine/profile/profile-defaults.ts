// The defaults that let a new city start from a minimal profile (names and codes only): every one in this file, so
// the README's table and loadProfile cannot disagree. `lizheng profile init` learns better values from history.
import type { CityProfile, CityProfileFile } from '../../schemas/city-profile.ts';

/**
 * Relative intake per local hour: quiet nights, office hours (08–18) about twice the day's mean, a lunch dip and
 * an evening tail. Flat enough that a city whose hotline keeps other hours is not far off on day one.
 */
export const DEFAULT_HOUR_SHAPE: readonly number[] = [
  0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.4, 0.8, 1.5, 1.8, 1.8, 1.6, 1.2, 1.2, 1.6, 1.6, 1.5, 1.3, 1.0, 0.9, 0.8, 0.7, 0.5,
  0.3,
];

/** Monday..Sunday all alike: nothing is assumed about weekends until history says so. */
export const DEFAULT_WEEKDAY_FACTORS: readonly number[] = [1, 1, 1, 1, 1, 1, 1];

/** Typical weekday reports per district: the cold-start prior is this times the number of districts. */
export const DEFAULT_DAILY_VOLUME_PER_DISTRICT = 100;

export const DEFAULT_CHANNELS: readonly string[] = ['hotline', 'mailbox', 'web', 'app'];

/** Every district weighs the same. */
export const DEFAULT_DISTRICT_WEIGHT = 1;

/** Suffixes a district's short name drops (锦江区 → 锦江, 天府新区 → 天府, 金堂县 → 金堂, 简阳市 → 简阳). */
const DISTRICT_SUFFIX = /(?:新区|区|县|市|旗)$/;

/**
 * Short names when a district lists none: its name without 新区/区/县/市/旗 when two characters or more remain
 * (锦江区 → 锦江; 东区 keeps none), so a text saying 锦江那边 still settles the district.
 */
export function defaultDistrictAliases(name: string): string[] {
  const short = name.replace(DISTRICT_SUFFIX, '');
  return short !== name && short.length >= 2 ? [short] : [];
}

/** The unit a topic is sent to when the profile names none: "交通出行主管部门". */
export const defaultTopicUnit = (topicName: string): string => `${topicName}主管部门`;

/** A profile file with every default filled in (the gazetteer is resolved by the loader before this). */
export function withDefaults(file: CityProfileFile, gazetteer: CityProfile['gazetteer']): CityProfile {
  const { districts, topics, detector } = file;
  return {
    city: file.city,
    code: file.code,
    timezone: file.timezone,
    dailyVolume: file.dailyVolume ?? DEFAULT_DAILY_VOLUME_PER_DISTRICT * districts.length,
    hourShape: file.hourShape ?? [...DEFAULT_HOUR_SHAPE],
    weekdayFactors: file.weekdayFactors ?? [...DEFAULT_WEEKDAY_FACTORS],
    channels: file.channels ?? [...DEFAULT_CHANNELS],
    districts: districts.map((d) => ({
      ...d,
      aliases: d.aliases ?? defaultDistrictAliases(d.name),
      weight: d.weight ?? DEFAULT_DISTRICT_WEIGHT,
    })),
    topics: topics.map((t) => ({
      ...t,
      unit: t.unit ?? defaultTopicUnit(t.name),
      share: t.share ?? 1 / topics.length,
      aliases: t.aliases ?? [],
    })),
    gazetteer,
    ...(detector ? { detector } : {}),
  };
}
