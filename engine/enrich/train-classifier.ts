// Trains the topic model from the training corpus (never the evaluation set) and writes the model file.
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Profile } from '../profile/city-profile.ts';
import { customWords } from './custom-dictionary.ts';
import { createSegmenter } from './segmenter.ts';
import { trainSoftmaxRegression, type Example } from './softmax-regression.ts';
import { featureNames } from './topic-features.ts';
import { MODEL_FORMAT, type TopicModelFile } from './topic-model.ts';
import { handwrittenCorpus, templatedCorpus, type LabelledText } from './training-corpus.ts';

export interface TrainOptions {
  /** Template sentences per topic. */
  readonly perTopic: number;
  readonly seed: string;
  readonly epochs: number;
  readonly learningRate: number;
  readonly l2: number;
  /** Share of features hidden per example visit (see softmax-regression). */
  readonly dropout: number;
  /** A feature must occur in this many training texts to enter the model. */
  readonly minCount: number;
  /** Each hand-written sentence counts this many times. */
  readonly handwrittenWeight: number;
  /** Models averaged into the one written (bagging). */
  readonly members: number;
  /** Features whose largest absolute weight is below this are left out of the file. */
  readonly prune: number;
  /** Extra labelled texts (e.g. from the synthetic generator). */
  readonly extra?: readonly LabelledText[];
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  perTopic: 800,
  seed: 'lizheng-topics-1',
  epochs: 8,
  learningRate: 0.2,
  l2: 1e-4,
  dropout: 0,
  minCount: 2,
  handwrittenWeight: 3,
  members: 5,
  prune: 0.2,
};

/** Weights are stored as integers in units of 1/WEIGHT_SCALE, which keeps the file small. */
const WEIGHT_SCALE = 64;

/** The labelled texts one member is trained on, in a fixed order. */
export function trainingCorpus(profile: Profile, o: TrainOptions, seed: string): LabelledText[] {
  const hand = handwrittenCorpus();
  const corpus = [...templatedCorpus(profile, o.perTopic, seed)];
  for (let i = 0; i < o.handwrittenWeight; i++) corpus.push(...hand);
  corpus.push(...(o.extra ?? []));
  return corpus.filter((c) => profile.topic(c.topic) !== undefined);
}

/**
 * Train a topic model for the profile: `members` models, each on its own seeded expansion of the templates,
 * averaged weight by weight (bagging: one model's inference cost, less dependence on one sample of templates).
 * The same options give the same file, byte for byte.
 */
export function trainTopicModel(
  profile: Profile,
  o: TrainOptions = DEFAULT_TRAIN_OPTIONS,
  onMember?: (done: number) => void,
): TopicModelFile {
  const segmenter = createSegmenter(customWords(profile));
  const topics = [...profile.topicCodes];
  const sum = new Map<string, Float64Array>();
  const bias = new Float64Array(topics.length);
  let texts = 0;
  let loss = 0;
  for (let m = 0; m < o.members; m++) {
    const seed = `${o.seed}/${m}`;
    const corpus = trainingCorpus(profile, o, seed);
    texts = corpus.length;
    const docs = corpus.map((c) => ({
      label: topics.indexOf(profile.topic(c.topic)!.code),
      names: featureNames(segmenter.cut(c.text), c.text),
    }));
    const vocabulary = frequentFeatures(
      docs.map((d) => d.names),
      o.minCount,
    );
    const examples: Example[] = docs.map((d) => ({
      label: d.label,
      features: d.names.map((n) => vocabulary.get(n)).filter((i): i is number => i !== undefined),
    }));
    const trained = trainSoftmaxRegression(examples, { ...o, classes: topics.length, features: vocabulary.size, seed });
    for (const [name, row] of vocabulary) {
      const acc = sum.get(name) ?? new Float64Array(topics.length);
      for (let j = 0; j < topics.length; j++) acc[j] += trained.weights[row * topics.length + j] / o.members;
      sum.set(name, acc);
    }
    for (let j = 0; j < topics.length; j++) bias[j] += trained.bias[j] / o.members;
    loss += trained.losses[trained.losses.length - 1] / o.members;
    onMember?.(m + 1);
  }
  const file: TopicModelFile = {
    format: MODEL_FORMAT,
    topics,
    training: {
      ...o,
      extra: o.extra?.length ?? 0,
      textsPerMember: texts,
      handwritten: handwrittenCorpus().length,
      features: 0,
      finalLoss: round(loss),
    },
    scale: WEIGHT_SCALE,
    bias: Array.from(bias, quantise),
    words: {},
    chars: {},
    bigrams: {},
  };
  for (const [name, acc] of [...sum].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (Math.max(...acc.map(Math.abs)) < o.prune) continue;
    const kind = name.startsWith('w:') ? file.words : name.startsWith('u:') ? file.chars : file.bigrams;
    kind[name.slice(2)] = Array.from(acc, quantise);
    (file.training.features as number) += 1;
  }
  return file;
}

/** Write a model file as compact JSON, one feature per line so diffs stay readable. */
export function writeModel(file: TopicModelFile, path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const rows = (o: Record<string, number[]>) =>
    Object.entries(o)
      .map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
      .join(',\n');
  const head = JSON.stringify(
    { format: file.format, topics: file.topics, training: file.training, scale: file.scale, bias: file.bias },
    null,
    2,
  ).slice(0, -2);
  const section = (name: string, o: Record<string, number[]>) => `  ${JSON.stringify(name)}: {\n${rows(o)}\n  }`;
  const body = [section('words', file.words), section('chars', file.chars), section('bigrams', file.bigrams)].join(
    ',\n',
  );
  writeFileSync(path, `${head},\n${body}\n}\n`);
}

/** Feature name → index for features in at least `minCount` texts, in first-seen order. */
function frequentFeatures(docs: readonly string[][], minCount: number): Map<string, number> {
  const count = new Map<string, number>();
  for (const names of docs) for (const n of new Set(names)) count.set(n, (count.get(n) ?? 0) + 1);
  const vocabulary = new Map<string, number>();
  for (const [n, c] of count) if (c >= minCount) vocabulary.set(n, vocabulary.size);
  return vocabulary;
}

const round = (x: number) => Math.round(x * 1000) / 1000 || 0;
const quantise = (x: number) => Math.round(x * WEIGHT_SCALE) || 0;
