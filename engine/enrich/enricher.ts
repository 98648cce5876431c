// The enrichment entry point: settles district and topic from text when the report lacks them, extracts
// places and urgency, and records every decision on the report. Used by intake and by replay/detect.
import { existsSync } from 'node:fs';
import type { Report } from '../intake/report.ts';
import type { Profile } from '../profile/city-profile.ts';
import { customWords } from './custom-dictionary.ts';
import type { DistrictEnrichment, TopicEnrichment } from './enrichment.ts';
import { Gazetteer, type GazetteerEntry } from './gazetteer.ts';
import type { PhraseHit } from './phrase-matcher.ts';
import { extractPlaces, placeSuffixes } from './place-phrases.ts';
import { createSegmenter } from './segmenter.ts';
import { DEFAULT_THRESHOLD, TopicClassifier, modelFits } from './topic-classifier.ts';
import { DEFAULT_MODEL_PATH, TopicModel } from './topic-model.ts';
import { TextScan } from './text-scan.ts';
import { crowdWords, scoreUrgency, urgencyWords } from './urgency.ts';

export interface EnricherOptions {
  /** A loaded model, a model file path, or null for the keyword lexicon only. Default: the committed model. */
  readonly model?: TopicModel | string | null;
  /** Topic confidence below which the topic is `other` with review. */
  readonly threshold?: number;
  /**
   * Share of a text's CJK character pairs the model must know, else the text is out of domain: `other` with review.
   * Default: the floor stored in the model file, else DEFAULT_COVERAGE_FLOOR.
   */
  readonly coverageFloor?: number;
}

export interface Enricher {
  /** Settle a report's district and topic when null and record why; returns the same report, enriched. */
  enrich(report: Report): Report;
  /**
   * Enrich a batch in place, with the same answers as enrich() one by one but faster: each stage (segmenting,
   * topic, district, places, urgency) runs over the whole batch before the next.
   */
  enrichAll(reports: readonly Report[]): void;
  /** Where the topic came from: 'model' when a model fits the profile, else 'lexicon'. */
  readonly topicSource: 'model' | 'lexicon';
}

/**
 * Build an enricher for a profile. Synchronous; loading jieba's dictionary takes about a quarter of a
 * second the first time in a process (instances are shared). A model whose topics are not exactly the
 * profile's is not used: the lexicon decides instead.
 */
export function createEnricher(profile: Profile, options: EnricherOptions = {}): Enricher {
  const gazetteer = new Gazetteer(profile);
  const segmenter = createSegmenter(customWords(profile));
  const model = resolveModel(options.model);
  const usable = model && modelFits(model, profile) ? model : null;
  const topics = new TopicClassifier(
    profile,
    segmenter,
    usable,
    options.threshold ?? DEFAULT_THRESHOLD,
    options.coverageFloor,
  );
  const phrases = new TextScan([gazetteer.matcher, placeSuffixes, urgencyWords, crowdWords] as const);

  function district(report: Report, names: readonly PhraseHit<GazetteerEntry>[]): DistrictEnrichment {
    if (report.district !== null) return { value: report.district, source: 'field' };
    const address = report.raw.location?.address;
    if (address) {
      const found = gazetteer.find(address);
      if (found.district) return { value: found.district, source: 'address', evidence: found.evidence };
    }
    const found = gazetteer.find(report.text, names);
    return { value: found.district, source: found.district ? 'text' : 'none', evidence: found.evidence };
  }

  function topicOf(report: Report, tokens: string[] | null): TopicEnrichment {
    if (report.topic === null) return topics.classify(report.text, tokens);
    return {
      value: report.topic,
      confidence: 1,
      source: 'field',
      evidence: topics.keywords(report.text, report.topic),
    };
  }

  // Stage by stage over the batch: jieba's dictionary, the model's tables and each phrase index stay in the CPU
  // caches for a whole run of reports instead of evicting each other on every one.
  function enrichAll(reports: readonly Report[]): void {
    const tokens = reports.map((r) => (r.topic === null ? topics.tokensOf(r.text) : null));
    const topic = reports.map((r, i) => topicOf(r, tokens[i]));
    const found = reports.map((r) => phrases.scan(r.text));
    const where = reports.map((r, i) => district(r, found[i][0]));
    const places = reports.map((r, i) => extractPlaces(r.text, gazetteer, found[i][1]));
    const urgency = reports.map((r, i) => scoreUrgency(r.text, found[i][2], found[i][3]));
    reports.forEach((report, i) => {
      report.topic = topic[i].value;
      report.district = where[i].value;
      report.enrichment = { topic: topic[i], district: where[i], places: places[i], urgency: urgency[i] };
    });
  }

  return {
    topicSource: usable ? 'model' : 'lexicon',
    enrich(report) {
      enrichAll([report]);
      return report;
    },
    enrichAll,
  };
}

function resolveModel(option: EnricherOptions['model']): TopicModel | null {
  if (option === null) return null;
  if (option instanceof TopicModel) return option;
  if (typeof option === 'string') return TopicModel.load(option);
  return existsSync(DEFAULT_MODEL_PATH) ? TopicModel.load(DEFAULT_MODEL_PATH) : null;
}
