// District and topic names as people read them, Chinese first with the code beside ("高新区 (gaoxin)"), from the
// profile the gateway serves (GET /api/profile); an unknown code shows as itself rather than a blank, and a district
// nothing settled (`unknown`) as 未定位, the engine's own wording.
import type { ApiClient } from './api-client.ts';

export interface ProfileDistrictView {
  readonly code: string;
  readonly name: string;
  /** Relative share of intake (population-like), from the profile. */
  readonly weight: number;
  readonly cartogram: { readonly row: number; readonly col: number } | null;
}

export interface ProfileTopicView {
  readonly code: string;
  readonly name: string;
  readonly unit: string;
}

/** GET /api/profile. */
export interface ProfileView {
  readonly city: string;
  readonly code: string;
  readonly timezone: string;
  readonly districts: readonly ProfileDistrictView[];
  readonly topics: readonly ProfileTopicView[];
}

/** The code of a district nothing settled, and how people read it (engine/profile/city-profile.ts says the same). */
const UNPLACED = { code: 'unknown', name: '未定位' } as const;
/** What a district alert (every topic of its district, topic null) reads where a topic would. */
const ALL_TOPICS = { code: 'all', name: '各类诉求' } as const;

export class Labels {
  private readonly districts: Map<string, ProfileDistrictView>;
  private readonly topics: Map<string, ProfileTopicView>;

  constructor(readonly profile: ProfileView) {
    this.districts = new Map(profile.districts.map((d) => [d.code, d]));
    this.topics = new Map(profile.topics.map((t) => [t.code, t]));
  }

  static async load(api: ApiClient): Promise<Labels> {
    return new Labels(await api.get<ProfileView>('/api/profile'));
  }

  /** "锦江区" (or the code when the profile has no such district; "全市" for null, the whole city; "未定位" for unknown). */
  districtName(code: string | null): string {
    if (code === null) return '全市';
    if (code === UNPLACED.code) return UNPLACED.name;
    return this.districts.get(code)?.name ?? code;
  }

  /** "物业管理" (or the code); "各类诉求" for null, a district alert's topics together. */
  topicName(code: string | null): string {
    if (code === null) return ALL_TOPICS.name;
    return this.topics.get(code)?.name ?? code;
  }

  /** "锦江区 (jinjiang)"; "未定位 (unknown)". */
  district(code: string | null): string {
    if (code === null) return '全市 (city)';
    const name = this.districtName(code);
    return name === code ? code : `${name} (${code})`;
  }

  /** "物业管理 (property)"; "各类诉求 (all)" for null. */
  topic(code: string | null): string {
    if (code === null) return `${ALL_TOPICS.name} (${ALL_TOPICS.code})`;
    const name = this.topics.get(code)?.name;
    return name ? `${name} (${code})` : code;
  }

  /** The topic's responsible unit; a district alert (null) has none of its own. */
  unitOf(topic: string | null): string | null {
    if (topic === null) return null;
    return this.topics.get(topic)?.unit ?? null;
  }
}
