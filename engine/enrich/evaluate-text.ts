// Measures enrichment on the hand-written evaluation set (topic accuracy, macro-F1, confusion, district accuracy,
// calibration), and a city's own labelled messages by stratified k-fold cross-validation.
import { fileURLToPath } from 'node:url';
import type { Profile } from '../profile/city-profile.ts';
import type { Report } from '../intake/report.ts';
import { expectedCalibrationError } from '../stats/expected-calibration-error.ts';
import { reliabilityBins, type ReliabilityBin } from '../stats/reliability-bins.ts';
import { customWords } from './custom-dictionary.ts';
import { createEnricher, type Enricher } from './enricher.ts';
import { createSegmenter } from './segmenter.ts';
import { stratifiedFolds } from './topic-folds.ts';
import { TopicModel } from './topic-model.ts';
import { trainTopicModel, type TrainOptions } from './train-classifier.ts';
import { readTsv, type LabelledText } from './training-corpus.ts';

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
  /** Share of items sent to review (low confidence or unfamiliar text). */
  readonly reviewRate: number;
  /** Calibration of the confidence of the best answer (before review): ECE over 10 bins and the table. */
  readonly ece: number;
  readonly reliability: ReliabilityBin[];
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
  const calibration = new Calibration();
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
    calibration.add(e.topic.confidence, (e.topic.guess ?? e.topic.value) === item.topic);
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
    ...calibration.result(),
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

/** The confidence of each best answer (what it would have been without review) and whether it was right. */
class Calibration {
  readonly confidences: number[] = [];
  readonly correct: boolean[] = [];

  add(confidence: number, correct: boolean): void {
    this.confidences.push(confidence);
    this.correct.push(correct);
  }

  result(): { ece: number; reliability: ReliabilityBin[] } {
    return {
      ece: expectedCalibrationError(this.confidences, this.correct),
      reliability: reliabilityBins(this.confidences, this.correct),
    };
  }
}

export interface CrossValidationOptions {
  readonly folds: number;
  readonly seed: string;
  /** How each fold's model is trained (its `labelled` is the fold's training part). */
  readonly train: TrainOptions;
  readonly threshold?: number;
  readonly coverageFloor?: number;
}

export interface CrossValidationResult {
  readonly items: number;
  readonly folds: number;
  /** Accuracy of the best answer, whether or not it was sent to review (right: any topic the label allows). */
  readonly accuracy: number;
  readonly macroF1: number;
  /**
   * Per label of the messages (the city's own when mapped): an answer counts for the label that allows its topic;
   * a topic no label allows is a column of its own (→code).
   */
  readonly perTopic: TopicScore[];
  readonly reviewRate: number;
  /** Of the reviews: how many for low confidence and how many for unfamiliar text. */
  readonly reviewLowConfidence: number;
  readonly reviewUnfamiliar: number;
  /** Accuracy of the answers not sent to review. */
  readonly acceptedAccuracy: number;
  /** ECE of the confidence reported, and of the model's plain probability before temperature and confidence map. */
  readonly ece: number;
  readonly eceUncalibrated: number;
  readonly reliability: ReliabilityBin[];
  /** The temperature fitted in each fold. */
  readonly temperatures: number[];
  readonly confusion: Record<string, Record<string, number>>;
}

/**
 * Stratified k-fold cross-validation on a city's labelled messages: each fold's model is trained (and calibrated on
 * its own held-out split) on the other folds, then enriches the fold's messages as text-only reports. Scored in the
 * messages' own labels (a city label that merges several topics is right for any of them).
 */
export function crossValidate(
  profile: Profile,
  texts: readonly LabelledText[],
  o: CrossValidationOptions,
  onFold?: (done: number) => void,
): CrossValidationResult {
  const topics = [...profile.topicCodes];
  const labelOf = (t: LabelledText) => t.label ?? t.topic;
  const allowed = (t: LabelledText) => t.anyOf ?? [t.topic];
  const fold = stratifiedFolds(texts.map(labelOf), o.folds, o.seed);
  // The label an answer counts for: the first whose topics include it.
  const labels = [...new Set(texts.map(labelOf))];
  const answerLabel = new Map<string, string>();
  for (const t of texts) for (const code of allowed(t)) if (!answerLabel.has(code)) answerLabel.set(code, labelOf(t));
  const columns = [...labels, ...topics.filter((c) => !answerLabel.has(c)).map((c) => `→${c}`)];
  for (const c of topics) if (!answerLabel.has(c)) answerLabel.set(c, `→${c}`);
  const confusion = Object.fromEntries(labels.map((l) => [l, Object.fromEntries(columns.map((p) => [p, 0]))]));
  const calibration = new Calibration();
  const raw = new Calibration();
  const segmenter = createSegmenter(customWords(profile));
  const temperatures: number[] = [];
  let review = 0,
    lowConfidence = 0,
    unfamiliar = 0,
    accepted = 0,
    acceptedRight = 0;
  for (let f = 0; f < o.folds; f++) {
    const model = new TopicModel(
      trainTopicModel(profile, { ...o.train, labelled: texts.filter((_, i) => fold[i] !== f) }),
    );
    temperatures.push(model.temperature);
    const enricher = createEnricher(profile, { model, threshold: o.threshold, coverageFloor: o.coverageFloor });
    texts.forEach((item, i) => {
      if (fold[i] !== f) return;
      const topic = enricher.enrich(textOnlyReport(item.text, i)).enrichment!.topic;
      const best = topic.guess ?? topic.value;
      const right = allowed(item).includes(best);
      confusion[labelOf(item)][answerLabel.get(best)!] += 1;
      // The confidence the enricher reports (temperature and confidence map, fitted so that it is the chance the
      // label allows the answer), and the model's plain softmax before either.
      calibration.add(topic.confidence, right);
      const plain = softmaxBest(model.logits(segmenter.cut(item.text), item.text));
      raw.add(plain.probability, allowed(item).includes(topics[plain.best]));
      if (topic.review) {
        review += 1;
        if (topic.why?.startsWith('unfamiliar')) unfamiliar += 1;
        else lowConfidence += 1;
      } else {
        accepted += 1;
        acceptedRight += Number(allowed(item).includes(best));
      }
    });
    onFold?.(f + 1);
  }
  const perTopic = labels.map((l) => topicScore(l, confusion));
  return {
    items: texts.length,
    folds: o.folds,
    accuracy: calibration.correct.filter(Boolean).length / texts.length,
    macroF1: perTopic.reduce((s, p) => s + p.f1, 0) / perTopic.length,
    perTopic,
    reviewRate: review / texts.length,
    reviewLowConfidence: lowConfidence,
    reviewUnfamiliar: unfamiliar,
    acceptedAccuracy: accepted === 0 ? Number.NaN : acceptedRight / accepted,
    ...calibration.result(),
    eceUncalibrated: raw.result().ece,
    temperatures,
    confusion,
  };
}

/** The most probable class of softmax(logits) and its probability. */
function softmaxBest(logits: readonly number[]): { best: number; probability: number } {
  let best = 0;
  for (let j = 1; j < logits.length; j++) if (logits[j] > logits[best]) best = j;
  const total = logits.reduce((s, z) => s + Math.exp(z - logits[best]), 0);
  return { best, probability: 1 / total };
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
