// Settles a report's district from words: full names, short names, landmarks and gazetteer places (streets, towns,
// communities, estates) of the profile, and nothing else.
import type { Profile } from '../profile/city-profile.ts';
import { neutralNames } from './neutral-names.ts';
import { PhraseMatcher, type Phrase, type PhraseHit } from './phrase-matcher.ts';

/** How a district was named: a full name outweighs a short name, which outweighs a landmark (a place is a hint,
 * a name is a statement: 新都桂溪… is in 新都 even though 桂溪 is a 高新 landmark). */
export type NameKind = 'name' | 'landmark' | 'alias';

const KIND_WEIGHT: Record<NameKind, number> = { name: 3, alias: 2, landmark: 1 };

export interface GazetteerEntry {
  readonly district: string | null; // null: a neutral name that settles nothing
  readonly kind: NameKind | 'neutral';
}

/** What the text says about the district: the code when it is clear, and the words that said it. */
export interface DistrictFinding {
  readonly district: string | null;
  /** The words that named a district, in text order (all candidates when they disagree). */
  readonly evidence: string[];
}

export class Gazetteer {
  /** Every name, short name, landmark and neutral name of the profile (a TextScan may run it with others). */
  readonly matcher: PhraseMatcher<GazetteerEntry>;

  constructor(profile: Profile) {
    this.matcher = new PhraseMatcher(gazetteerPhrases(profile));
  }

  /** Every name the gazetteer knows (for the segmenter's dictionary). */
  static words(profile: Profile): string[] {
    return gazetteerPhrases(profile).map((p) => p.text);
  }

  /**
   * The district a text names. Each mention adds its kind's weight to its district; the heaviest district
   * wins, and a tie between different districts settles nothing (null) — "武侯区到锦江区" is not a fact about either.
   * `hits`: the matcher's scan of the text, when a TextScan already made it.
   */
  find(text: string, hits: readonly PhraseHit<GazetteerEntry>[] = this.matcher.scan(text)): DistrictFinding {
    const districts: string[] = []; // with their scores: a text names one or two, fewer than a Map is worth
    const scores: number[] = [];
    const evidence: string[] = [];
    for (const { text: words, value } of hits) {
      if (value.district === null || value.kind === 'neutral') continue;
      if (!evidence.includes(words)) evidence.push(words);
      const i = districts.indexOf(value.district);
      if (i >= 0) scores[i] += KIND_WEIGHT[value.kind];
      else {
        districts.push(value.district);
        scores.push(KIND_WEIGHT[value.kind]);
      }
    }
    return { district: heaviest(districts, scores), evidence };
  }

  /**
   * A place name without the district it starts with: 高新区阳光 → 阳光, 崇州一玻璃 → 一玻璃, 东部西 → 西 (too short
   * to name a place, so 东部西街社区服务站 and 西街社区服务站 agree). A name that is only a district name stays
   * (天府花园). A landmark is stripped only before a determiner (高新西区一电子 → 一电子): 荷花池批发市场 is a name.
   */
  stripLeadingName(name: string): string {
    const lead = this.matcher.longestAt(name, 0);
    if (!lead) return name;
    const rest = name.slice(lead.text.length);
    const isName = lead.value.kind === 'name' || lead.value.kind === 'alias';
    return (isName && rest.length >= 1) || (rest.length >= 2 && /^[一某这那该]/.test(rest)) ? rest : name;
  }
}

/** The district with the highest score, or null when there is none or two share it. */
function heaviest(districts: readonly string[], scores: readonly number[]): string | null {
  let best: string | null = null;
  let bestScore = 0;
  let tied = false;
  for (let i = 0; i < districts.length; i++) {
    if (scores[i] > bestScore) [best, bestScore, tied] = [districts[i], scores[i], false];
    else if (scores[i] === bestScore) tied = true;
  }
  return tied ? null : best;
}

function gazetteerPhrases(profile: Profile): Phrase<GazetteerEntry>[] {
  const phrases: Phrase<GazetteerEntry>[] = [];
  for (const d of profile.data.districts) {
    phrases.push({ text: d.name, value: { district: d.code, kind: 'name' } });
    for (const a of d.aliases) phrases.push({ text: a, value: { district: d.code, kind: 'alias' } });
    for (const l of d.landmarks ?? []) phrases.push({ text: l, value: { district: d.code, kind: 'landmark' } });
  }
  // A gazetteer place (or another name of it) weighs as a landmark. One name in two districts (两个阳光小区) settles neither, and still hides
  // the short names inside it as a neutral name does.
  const districtsOf = new Map<string, Set<string>>();
  for (const p of profile.data.gazetteer)
    for (const text of [p.name, ...(p.aliases ?? [])])
      districtsOf.set(text, (districtsOf.get(text) ?? new Set()).add(p.district));
  for (const [name, districts] of districtsOf) {
    const [only] = districts;
    phrases.push({
      text: name,
      value: districts.size === 1 ? { district: only, kind: 'landmark' } : { district: null, kind: 'neutral' },
    });
  }
  for (const n of neutralNames(profile.data.code))
    phrases.push({ text: n, value: { district: null, kind: 'neutral' } });
  return phrases;
}
