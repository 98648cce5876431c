// The Chinese phrase book the synthetic feed writes its texts from (data in zh-lexicon.json).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface PlaceKindWords {
  readonly prefixes: readonly string[];
  readonly suffixes: readonly string[];
  /** Who calls about such a place: 业主, 家长, 乘客… */
  readonly roles: readonly string[];
}

export interface TopicWords {
  /** Place kinds (keys of `places`) a report on this topic names; repeats weight the draw. */
  readonly places: readonly string[];
  /** Problems, each a list of paraphrases of the same complaint. */
  readonly problems: readonly (readonly string[])[];
  /** Complaints about a new policy on this topic (what a citywide shock sounds like). */
  readonly policy?: readonly string[];
}

export interface Lexicon {
  readonly openers: readonly string[];
  readonly times: readonly string[];
  readonly asks: readonly string[];
  /** Sentence frames with slots {opener} {where} {role} {time} {problem} {ask}. */
  readonly frames: readonly string[];
  /** Frames that name no place. */
  readonly placelessFrames: readonly string[];
  /** Openers that say many people have the same problem. */
  readonly incidentExtras: readonly string[];
  readonly places: Readonly<Record<string, PlaceKindWords>>;
  readonly topics: Readonly<Record<string, TopicWords>>;
  /** Fallback for a profile topic the phrase book does not know; {topic} is its Chinese name. */
  readonly genericTopic: { readonly problems: readonly (readonly string[])[]; readonly policy: readonly string[] };
}

const FALLBACK_PLACES = ['community', 'road'];

/** The built-in Chinese phrase book. */
export function loadLexicon(): Lexicon {
  return JSON.parse(readFileSync(fileURLToPath(new URL('./zh-lexicon.json', import.meta.url)), 'utf8')) as Lexicon;
}

/** Words for a topic; a topic the phrase book lacks gets generic wording with its Chinese name. */
export function topicWords(lexicon: Lexicon, code: string, name: string): Required<TopicWords> {
  const known = lexicon.topics[code];
  const fill = (s: string) => s.replaceAll('{topic}', name);
  const generic = lexicon.genericTopic;
  return {
    places: known?.places ?? FALLBACK_PLACES,
    problems: known?.problems ?? generic.problems.map((p) => p.map(fill)),
    policy: known?.policy ?? generic.policy.map(fill),
  };
}
