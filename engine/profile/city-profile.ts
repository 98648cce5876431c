// Loads a city profile (built-in name or JSON file) and answers "which district/topic is this code or name?".
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Type } from '@sinclair/typebox';
import {
  CityProfileFile,
  GazetteerPlace,
  type CityProfile,
  type ProfileDistrict,
  type ProfileTopic,
} from '../../schemas/city-profile.ts';
import { didYouMean } from '../closest-name.ts';
import { DECIDER_OPTION_KEYS } from '../decide/tune-options.ts';
import { DEFAULT_DECIDER_OPTIONS, windowsProblem } from '../decide/decider-options.ts';
import { ProfileError } from '../errors.ts';
import { UNKNOWN } from '../intake/report.ts';
import { withDefaults } from './profile-defaults.ts';

const checkFile = TypeCompiler.Compile(CityProfileFile);
const checkGazetteer = TypeCompiler.Compile(Type.Array(GazetteerPlace));
const builtIn = (name: string) => fileURLToPath(new URL(`./${name}.json`, import.meta.url));

/** The file of a built-in profile (chengdu), or null when `name` is none. */
export const builtInProfilePath = (name: string): string | null => (existsSync(builtIn(name)) ? builtIn(name) : null);

/** How people read a district nothing settled (the code `unknown`): on alerts, labels, the wall and reports. */
export const UNPLACED_NAME = '未定位';

/** A validated profile with lookups by code, Chinese name or alias. */
export class Profile {
  readonly data: CityProfile;
  readonly districtCodes: readonly string[];
  readonly topicCodes: readonly string[];
  private readonly districtByKey = new Map<string, ProfileDistrict>();
  private readonly topicByKey = new Map<string, ProfileTopic>();

  constructor(data: CityProfile) {
    this.data = data;
    for (const d of data.districts) for (const k of [d.code, d.name, ...d.aliases]) this.districtByKey.set(k, d);
    for (const t of data.topics) for (const k of [t.code, t.name, ...t.aliases]) this.topicByKey.set(k, t);
    this.districtCodes = data.districts.map((d) => d.code);
    this.topicCodes = data.topics.map((t) => t.code);
  }

  get timezone(): string {
    return this.data.timezone;
  }

  /** District for a code, Chinese name or alias; undefined when the profile has none. */
  district(key: string): ProfileDistrict | undefined {
    return this.districtByKey.get(key.trim());
  }

  topic(key: string): ProfileTopic | undefined {
    return this.topicByKey.get(key.trim());
  }

  /** The district's Chinese name: 全市 for null (the whole city), 未定位 for `unknown`, else the code as given. */
  districtName(code: string | null): string {
    if (code === null) return '全市';
    if (code === UNKNOWN) return UNPLACED_NAME;
    return this.district(code)?.name ?? code;
  }

  /** "高新区 (gaoxin)": Chinese label with the code beside it; "未定位 (unknown)" for what nothing settled. */
  districtLabel(code: string | null): string {
    if (code === null) return '全市 (city)';
    const name = this.districtName(code);
    return name === code ? code : `${name} (${code})`;
  }

  /** "物业管理 (property)"; a district alert's topics together (null) read "各类诉求 (all)". */
  topicLabel(code: string | null): string {
    if (code === null) return '各类诉求 (all)';
    const t = this.topic(code);
    return t ? `${t.name} (${code})` : code;
  }
}

/**
 * Load `--profile NAME|FILE`: a built-in name (chengdu) or a path to a JSON file. A minimal file gets the defaults of
 * profile-defaults.ts; `gazetteer` may name a JSON file beside the profile. Errors name the field.
 */
export function loadProfile(nameOrFile = 'chengdu'): Profile {
  const path = builtInProfilePath(nameOrFile) ?? nameOrFile;
  const json = readJson(path, `cannot read profile "${nameOrFile}" (neither a built-in name nor a readable JSON file)`);
  return new Profile(completeProfile(json, nameOrFile, dirname(path)));
}

/** A profile file's JSON checked and completed; `dir` is where a gazetteer path is read from. */
export function completeProfile(json: unknown, name: string, dir: string): CityProfile {
  // The gazetteer is checked on its own, once read: a union's error would not say which place is wrong.
  const { gazetteer, ...rest } = (isObject(json) ? json : {}) as { gazetteer?: unknown };
  const first = checkFile.Errors(isObject(json) ? rest : json).First();
  if (first) throw new ProfileError(`profile "${name}": ${first.path || '/'} ${first.message}`);
  const file = rest as CityProfileFile;
  const reserved = file.districts.findIndex((d) => d.code === UNKNOWN);
  if (reserved >= 0)
    throw new ProfileError(`profile "${name}": /districts/${reserved}/code "${UNKNOWN}" is reserved for 未定位`);
  checkDetector(file.detector, name);
  const places = readGazetteer(gazetteer, name, dir);
  const profile = withDefaults(file, []);
  const lookup = new Profile(profile);
  profile.gazetteer = places.map((p, i) => {
    const d = lookup.district(p.district);
    if (!d)
      throw new ProfileError(
        `profile "${name}": /gazetteer/${i}/district "${p.district}" is not a district of the profile` +
          didYouMean(p.district, lookup.districtCodes),
      );
    return { ...p, district: d.code };
  });
  return profile;
}

const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null && !Array.isArray(v);

function readJson(path: string, problem: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new ProfileError(problem, { cause });
  }
}

/**
 * The gazetteer as a list: written in the profile, or read from a JSON file relative to it, holding the list itself or
 * an object with the list as `places` (room for a comment and the city it is for).
 */
function readGazetteer(value: unknown, name: string, dir: string): GazetteerPlace[] {
  if (value === undefined) return [];
  const where = typeof value === 'string' ? resolve(dir, value) : null;
  const read = where === null ? value : readJson(where, `profile "${name}": /gazetteer cannot read "${where}"`);
  const list = where !== null && isObject(read) && 'places' in read ? read.places : read;
  const first = checkGazetteer.Errors(list).First();
  if (first)
    throw new ProfileError(
      `profile "${name}": /gazetteer${where ? ` (${where})` : ''}${first.path || ''} ${first.message}`,
    );
  return list as GazetteerPlace[];
}

/** `detector` keys and value types are those `lizheng detect --set` accepts; anything else names the key. */
function checkDetector(settings: CityProfileFile['detector'], name: string): void {
  const defaults = DEFAULT_DECIDER_OPTIONS as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(settings ?? {})) {
    if (!DECIDER_OPTION_KEYS.includes(key))
      throw new ProfileError(
        `profile "${name}": /detector/${key} is not a detector option${didYouMean(key, DECIDER_OPTION_KEYS)}; ` +
          '`lizheng options` lists them',
      );
    const expected = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], defaults);
    const type = Array.isArray(expected) ? 'array' : typeof expected;
    if ((Array.isArray(value) ? 'array' : typeof value) !== type)
      throw new ProfileError(`profile "${name}": /detector/${key} expected ${type}, got ${JSON.stringify(value)}`);
    // A list of windows is checked as --set checks it: increasing whole minutes, the longest at least an hour.
    const problem = key === 'windows' ? windowsProblem(value as number[]) : null;
    if (problem) throw new ProfileError(`profile "${name}": /detector/${key} ${problem}`);
  }
}
