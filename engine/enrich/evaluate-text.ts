// Measures enrichment on the hand-written evaluation set: topic accuracy, macro-F1, confusion, district accuracy.
import { fileURLToPath } from 'node:url';
import type { Profile } from '../profile/city-profile.ts';
import type { Report } from '../intake/report.ts';
import type { Enricher } from './enricher.ts';
import { readTsv } from './training-corpus.ts';

export const EVAL_SET_PATH = fileURLToPath(new URL('./evaluation/eval-set.tsv', import.meta.url));

export interface EvalItem {
  readonly topic: string;
  /** null: the text names no district (or names two, tagged amb-district). */
  readonly district: string | null;
  readonly text: string;
  readonly tags: string[];
}

export interface TopicScore {
  readonly topic: string;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

export interface EvalResult {
  readonly items: number;
  readonly topicAccuracy: number;
  readonly macroF1: number;
  /** Share of items sent to review (low confidence). */
  readonly reviewRate: number;
  /** Accuracy on items not tagged ambiguous. */
  readonly clearAccuracy: number;
  readonly perTopic: TopicScore[];
  /** confusion[truth][predicted] = count. */
  readonly confusion: Record<string, Record<string, number>>;
  /** Items that name a district: share whose district was found correctly. */
  readonly districtAccuracy: number;
  readonly districtNamed: number;
  /** Items naming no district: share where enrichment (rightly) left the district unknown. */
  readonly districtAbstention: number;
  readonly districtUnnamed: number;
  readonly errors: Array<{
    text: string;
    truth: string;
    predicted: string;
    confidence: number;
    kind: 'topic' | 'district';
  }>;
}

/** Read the evaluation set (TSV: topic, district or -, text, tags). */
export function readEvalSet(path = EVAL_SET_PATH): EvalItem[] {
  return readTsv(path).map((r) => ({
    topic: r.topic,
    district: r.district === '-' ? null : r.district,
    text: r.text,
    tags: r.tags ? r.tags.split(',') : [],
  }));
}

/** Enrich every item as a text-only report and score the answers against the labels. */
export function evaluateEnricher(enricher: Enricher, profile: Profile, items: readonly EvalItem[]): EvalResult {
  const topics = [...profile.topicCodes];
  const confusion = Object.fromEntries(topics.map((t) => [t, Object.fromEntries(topics.map((p) => [p, 0]))]));
  const errors: EvalResult['errors'] = [];
  let correct = 0,
    clear = 0,
    clearCorrect = 0,
    review = 0,
    named = 0,
    namedRight = 0,
    unnamed = 0,
    abstained = 0;
  items.forEach((item, i) => {
    const r = enricher.enrich(textOnlyReport(item.text, i));
    const e = r.enrichment!;
    confusion[item.topic][e.topic.value] += 1;
    const ok = e.topic.value === item.topic;
    correct += Number(ok);
    review += Number(e.topic.review === true);
    if (!item.tags.includes('amb')) [clear, clearCorrect] = [clear + 1, clearCorrect + Number(ok)];
    if (!ok)
      errors.push({
        text: item.text,
        truth: item.topic,
        predicted: e.topic.value,
        confidence: e.topic.confidence,
        kind: 'topic',
      });
    if (item.district !== null) {
      named += 1;
      namedRight += Number(e.district.value === item.district);
    } else {
      unnamed += 1;
      abstained += Number(e.district.value === null);
    }
    if (e.district.value !== item.district)
      errors.push({
        text: item.text,
        truth: item.district ?? '-',
        predicted: e.district.value ?? '-',
        confidence: 0,
        kind: 'district',
      });
  });
  const perTopic = topics.map((t) => topicScore(t, confusion));
  return {
    items: items.length,
    topicAccuracy: correct / items.length,
    macroF1: perTopic.reduce((s, p) => s + p.f1, 0) / perTopic.length,
    reviewRate: review / items.length,
    clearAccuracy: clearCorrect / clear,
    perTopic,
    confusion,
    districtAccuracy: namedRight / named,
    districtNamed: named,
    districtAbstention: abstained / unnamed,
    districtUnnamed: unnamed,
    errors,
  };
}

function topicScore(topic: string, confusion: Record<string, Record<string, number>>): TopicScore {
  const tp = confusion[topic][topic];
  const support = Object.values(confusion[topic]).reduce((a, b) => a + b, 0);
  const predicted = Object.values(confusion).reduce((a, row) => a + row[topic], 0);
  const precision = predicted === 0 ? 0 : tp / predicted;
  const recall = support === 0 ? 0 : tp / support;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { topic, precision, recall, f1, support };
}

/** A report as the intake would build it from text alone (no district, topic or address). */
export function textOnlyReport(text: string, i: number): Report {
  return {
    id: `eval-${i}`,
    t: 0,
    district: null,
    topic: null,
    caller: `r:eval-${i}`,
    text,
    channel: 'web',
    raw: { id: `eval-${i}`, receivedAt: '1970-01-01T00:00:00Z', text },
  };
}
