// Writes the Chinese text of a synthetic report: a frame filled with a place, a problem, a time and a request.
import type { Profile } from '../profile/city-profile.ts';
import type { PlaceCatalog, Place } from './place-catalog.ts';
import type { RandomStream } from './random-stream.ts';
import { topicWords, type Lexicon } from './zh-lexicon.ts';

/** A report's words, and the address a caller might also give. */
export interface ReportContent {
  readonly text: string;
  /** District name + place, e.g. 高新区阳光花园; null when the report names no place. */
  readonly address: string | null;
}

/** What several reports share: one place and one problem, told in different words. */
export interface Complaint {
  readonly district: string;
  readonly place: Place;
  readonly paraphrases: readonly string[];
}

const PLACELESS_SHARE = 0.1;
const NAME_NOT_ALIAS = 0.7;
/** Share of district mentions that name a landmark of the district instead (春熙路附近) when the profile lists some. */
const LANDMARK_SHARE = 0.2;

export class ReportTexts {
  constructor(
    private readonly profile: Profile,
    private readonly lexicon: Lexicon,
    private readonly catalog: PlaceCatalog,
  ) {}

  /** An everyday complaint in a cell: a random place and problem of the topic. */
  everyday(rng: RandomStream, district: string, topic: string, mentionDistrict: boolean): ReportContent {
    const words = this.words(topic);
    const place = rng.chance(PLACELESS_SHARE) ? null : rng.pick(this.catalog.places(district, rng.pick(words.places)));
    return this.compose(rng, district, place, rng.pick(rng.pick(words.problems)), mentionDistrict);
  }

  /** Choose the place and problem an incident or a repeat caller is about. */
  complaint(rng: RandomStream, district: string, topic: string): Complaint {
    const words = this.words(topic);
    const place = rng.pick(this.catalog.places(district, rng.pick(words.places)));
    return { district, place, paraphrases: rng.pick(words.problems) };
  }

  /** One caller's telling of a shared complaint; `crowd` adds that others have the same problem. */
  retell(rng: RandomStream, complaint: Complaint, mentionDistrict: boolean, crowd: boolean): ReportContent {
    const problem = (crowd ? rng.pick(this.lexicon.incidentExtras) : '') + rng.pick(complaint.paraphrases);
    return this.compose(rng, complaint.district, complaint.place, problem, mentionDistrict);
  }

  /** A complaint about a new policy on the topic, as heard during a citywide shock. */
  policy(rng: RandomStream, district: string, topic: string, mentionDistrict: boolean): ReportContent {
    const lex = this.lexicon;
    const where = mentionDistrict
      ? rng.pick(['我是{d}的居民，', '我在{d}，', '{d}这边，']).replace('{d}', this.where(rng, district, null))
      : '';
    const text = `${rng.pick(lex.openers)}${where}${rng.pick(this.words(topic).policy)}，${rng.pick(lex.asks)}`;
    return { text, address: null };
  }

  /** Whether the phrase book has policy complaints for this topic (a natural citywide shock). */
  hasPolicy(topic: string): boolean {
    return this.lexicon.topics[topic]?.policy !== undefined;
  }

  /** Label of a place for truth files and summaries: 高新区 阳光花园. */
  placeLabel(complaint: Complaint): string {
    return `${this.profile.district(complaint.district)?.name ?? complaint.district} ${complaint.place.name}`;
  }

  private words(topic: string) {
    return topicWords(this.lexicon, topic, this.profile.topic(topic)?.name ?? topic);
  }

  /** How a caller says where: 高新区阳光花园, 高新阳光花园, 春熙路附近的阳光花园, or just the district. */
  private where(rng: RandomStream, code: string, place: Place | null): string {
    const d = this.profile.district(code);
    if (!d) return code + (place?.name ?? '');
    if (d.landmarks?.length && rng.chance(LANDMARK_SHARE))
      return `${rng.pick(d.landmarks)}附近${place ? `的${place.name}` : ''}`;
    return (rng.chance(NAME_NOT_ALIAS) || d.aliases.length === 0 ? d.name : rng.pick(d.aliases)) + (place?.name ?? '');
  }

  private compose(
    rng: RandomStream,
    district: string,
    place: Place | null,
    problem: string,
    mentionDistrict: boolean,
  ): ReportContent {
    const lex = this.lexicon;
    const where = mentionDistrict ? this.where(rng, district, place) : (place?.name ?? '');
    const frame = where === '' ? rng.pick(lex.placelessFrames) : rng.pick(lex.frames);
    const slots: Record<string, string> = {
      opener: rng.pick(lex.openers),
      where,
      role: rng.pick(place ? this.catalog.roles(place.kind) : ['市民']),
      time: rng.pick(lex.times),
      problem,
      ask: rng.pick(lex.asks),
    };
    const text = frame.replace(/\{(\w+)\}/g, (_, slot: string) => slots[slot] ?? '');
    const name = this.profile.district(district)?.name ?? district;
    return { text, address: place ? `${name}${place.name}` : null };
  }
}
