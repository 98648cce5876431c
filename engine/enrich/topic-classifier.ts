// Decides a report's topic from its text: the trained model when it fits the profile, the keyword lexicon
// otherwise; below the confidence threshold, or on text unlike anything the model was trained on, the answer is
// `other`, marked for a person to review with the reason.
import type { Profile } from '../profile/city-profile.ts';
import type { TopicEnrichment } from './enrichment.ts';
import { PhraseMatcher } from './phrase-matcher.ts';
import type { Segmenter } from './segmenter.ts';
import { TOPIC_LEXICON } from './topic-lexicon.ts';
import type { TopicModel } from './topic-model.ts';

/**
 * Below this probability the topic is `other` with review: the highest threshold that cost no accuracy on the
 * development set (README).
 */
export const DEFAULT_THRESHOLD = 0.4;
/**
 * A text of which the model knows fewer than this share of CJK character pairs is out of its domain (review), when
 * the model file does not carry a floor measured in training.
 */
export const DEFAULT_COVERAGE_FLOOR = 0.2;
/**
 * At or above this probability of being no request at all (the model's out-of-domain check) a text goes to review:
 * chosen with the out-of-domain model's training (see out-of-domain-model.ts) by cross-validation on the tuning set.
 */
export const OUT_OF_DOMAIN_THRESHOLD = 0.5;
/**
 * The out-of-domain check reads only texts longer than this many characters: letters, where praise, questions and
 * adverts come in the same civic prose as complaints. A short hotline report names its matter in a few words, and
 * the hotline files a question under its topic (the evaluation set does: 首套房认定标准 is housing): on the
 * evaluation set's reports (all ≤ 48 characters) the check would have sent 36 of 673 to review, 24 of them `other`
 * and 7 questions filed under a topic, at a cost of 0.016 in accuracy. 60 is the length norm of training.
 */
export const OUT_OF_DOMAIN_MIN_LENGTH = 60;
/** The profile's catch-all topic code. */
export const OTHER = 'other';
const LEXICON_EVIDENCE = 3;

export class TopicClassifier {
  private readonly lexicon: PhraseMatcher<readonly string[]>;
  private readonly fallback: string;
  private readonly coverageFloor: number;

  constructor(
    profile: Profile,
    private readonly segmenter: Segmenter,
    /** null: no model fits this profile; the lexicon decides. */
    private readonly model: TopicModel | null,
    private readonly threshold = DEFAULT_THRESHOLD,
    /** Coverage below which a text is out of domain; default: the model's own floor, else DEFAULT_COVERAGE_FLOOR. */
    coverageFloor?: number,
  ) {
    this.coverageFloor = coverageFloor ?? model?.coverageFloor ?? DEFAULT_COVERAGE_FLOOR;
    this.lexicon = new PhraseMatcher(lexiconPhrases(profile));
    this.fallback = profile.topic(OTHER)?.code ?? profile.topicCodes[profile.topicCodes.length - 1];
  }

  /** The words the classifier reads in a text: jieba's tokens when a model decides, null for the lexicon. */
  tokensOf(text: string): string[] | null {
    return this.model ? this.segmenter.cut(text) : null;
  }

  /** The topic of a text that arrived without one (`tokens`: from tokensOf, when already cut). */
  classify(text: string, tokens = this.tokensOf(text)): TopicEnrichment {
    return this.model && tokens ? this.byModel(text, tokens, this.model) : this.byLexicon(text);
  }

  /** The topic's keywords found in a text, for a report whose topic came as a field. */
  keywords(text: string, topic: string): string[] {
    const found: string[] = [];
    for (const hit of this.lexicon.scan(text)) {
      if (hit.value.includes(topic) && !found.includes(hit.text)) found.push(hit.text);
      if (found.length === LEXICON_EVIDENCE) break;
    }
    return found;
  }

  private byModel(text: string, tokens: readonly string[], model: TopicModel): TopicEnrichment {
    const { best, probability, evidence, coverage, outOfDomain } = model.score(tokens, text);
    const why =
      coverage < this.coverageFloor
        ? `unfamiliar text: the model knows ${percent(coverage)} of its character pairs (floor ${percent(this.coverageFloor)})`
        : text.length > OUT_OF_DOMAIN_MIN_LENGTH && outOfDomain >= OUT_OF_DOMAIN_THRESHOLD
          ? `unfamiliar text: reads as no request (praise, a question, an advert…): ${round(outOfDomain)}`
          : null;
    if (why !== null) {
      const guess = model.topics[best];
      return {
        value: this.fallback,
        confidence: round(probability),
        source: 'model',
        evidence,
        review: true,
        why,
        guess,
      };
    }
    return this.decide(model.topics[best], round(probability), 'model', evidence);
  }

  /** Each keyword votes for its topics with its length; confidence is the winner's share of the votes. */
  private byLexicon(text: string): TopicEnrichment {
    const votes = new Map<string, number>();
    for (const hit of this.lexicon.scan(text))
      for (const t of hit.value) votes.set(t, (votes.get(t) ?? 0) + hit.text.length);
    let best = this.fallback;
    let top = 0;
    let total = 0;
    for (const [t, v] of votes) {
      total += v;
      if (v > top) [best, top] = [t, v];
    }
    const confidence = total === 0 ? 0 : round(top / (total + 1));
    return this.decide(best, confidence, 'lexicon', this.keywords(text, best));
  }

  private decide(topic: string, confidence: number, source: 'model' | 'lexicon', evidence: string[]): TopicEnrichment {
    if (confidence >= this.threshold) return { value: topic, confidence, source, evidence };
    const why = `low confidence: ${confidence} < ${this.threshold} for ${topic}`;
    return { value: this.fallback, confidence, source, evidence, review: true, why, guess: topic };
  }
}

/** Whether a model's topics are exactly the profile's (another city's model cannot be trusted here). */
export function modelFits(model: TopicModel, profile: Profile): boolean {
  return model.topics.length === profile.topicCodes.length && model.topics.every((t) => profile.topic(t)?.code === t);
}

function lexiconPhrases(profile: Profile) {
  const topicsOf = new Map<string, string[]>();
  for (const t of profile.data.topics) {
    for (const w of [t.name, ...t.aliases, ...(TOPIC_LEXICON[t.code] ?? [])]) {
      const list = topicsOf.get(w) ?? [];
      if (!list.includes(t.code)) list.push(t.code);
      topicsOf.set(w, list);
    }
  }
  return [...topicsOf].map(([text, value]) => ({ text, value: value as readonly string[] }));
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const percent = (x: number) => `${Math.round(100 * x)}%`;
