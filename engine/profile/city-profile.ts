// Loads a city profile (built-in name or JSON file) and answers "which district/topic is this code or name?".
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { CityProfile, type ProfileDistrict, type ProfileTopic } from '../../schemas/city-profile.ts';
import { ProfileError } from '../errors.ts';

const checkProfile = TypeCompiler.Compile(CityProfile);
const builtIn = (name: string) => fileURLToPath(new URL(`./${name}.json`, import.meta.url));

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

  /** "高新区 (gaoxin)": Chinese label with the code beside it. */
  districtLabel(code: string | null): string {
    if (code === null) return '全市 (city)';
    const d = this.district(code);
    return d ? `${d.name} (${code})` : code;
  }

  topicLabel(code: string): string {
    const t = this.topic(code);
    return t ? `${t.name} (${code})` : code;
  }
}

/** Load `--profile NAME|FILE`: a built-in name (chengdu) or a path to a JSON file. */
export function loadProfile(nameOrFile = 'chengdu'): Profile {
  const path = existsSync(builtIn(nameOrFile)) ? builtIn(nameOrFile) : nameOrFile;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new ProfileError(`cannot read profile "${nameOrFile}" (neither a built-in name nor a readable JSON file)`, {
      cause,
    });
  }
  const first = checkProfile.Errors(json).First();
  if (first) throw new ProfileError(`profile "${nameOrFile}": ${first.path || '/'} ${first.message}`);
  return new Profile(json as CityProfile);
}
