// The README's topic accuracy and calibration figures: eval set, style shift, long letters (in domain and their
// `ood` rows, with why each went to review), the mailbox city.
// Usage: npx tsx benchmarks/topic-calibration.ts [--skip-cv] [--members n]
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadProfile, Profile } from '../engine/profile/city-profile.ts';
import { createEnricher } from '../engine/enrich/enricher.ts';
import {
  crossValidate,
  evaluateEnricher,
  readEvalSet,
  textOnlyReport,
  type EvalItem,
} from '../engine/enrich/evaluate-text.ts';
import { expectedCalibrationError } from '../engine/stats/expected-calibration-error.ts';
import { readLabelledFile, readLabelMap } from '../engine/enrich/topic-labels.ts';
import { TopicModel } from '../engine/enrich/topic-model.ts';
import { DEFAULT_TRAIN_OPTIONS, trainTopicModel, type TrainOptions } from '../engine/enrich/train-classifier.ts';
import { templatedCorpus } from '../engine/enrich/training-corpus.ts';

const at = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const LONG_LETTERS = at('engine/enrich/evaluation/long-letters.tsv');
const MAILBOX = at('test/fixtures/mailbox-city/');
const args = process.argv.slice(2);
const members = args.includes('--members')
  ? Number(args[args.indexOf('--members') + 1])
  : DEFAULT_TRAIN_OPTIONS.members;
const train: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS, members };
const chengdu = loadProfile('chengdu');
/** The mailbox city's own first-level categories as topics. */
const OWN_TOPICS = [
  ['traffic', '交通运输'],
  ['urban_construction', '城乡建设'],
  ['environment', '环境保护'],
  ['labor', '劳动和社会保障'],
  ['education', '教育'],
  ['health', '卫生健康'],
  ['consumer', '市场监管'],
  ['public_safety', '公安政法'],
  ['culture_tourism', '文体旅游'],
  ['commerce', '商贸'],
  ['agriculture', '农业农村'],
  ['other', '其他'],
] as const;
const f3 = (x: number) => x.toFixed(3);

/** Accuracy of the best answer, ECE, and the share sent to review, of a model on labelled items. */
function scoreOn(profile: Profile, model: TopicModel | undefined, items: readonly EvalItem[]): string {
  const enricher = createEnricher(profile, { model });
  const known = items.filter((i) => profile.topic(i.topic) !== undefined);
  const r = evaluateEnricher(enricher, profile, known);
  const best = r.reliability.reduce((s, b) => s + (b.count ? b.count * b.accuracy : 0), 0) / known.length;
  return `n ${known.length}  accuracy ${f3(r.topicAccuracy)} (best answer ${f3(best)})  macro-F1 ${f3(r.macroF1)}  ECE ${f3(r.ece)}  review ${(100 * r.reviewRate).toFixed(1)}%`;
}

/** Share of the items sent to review (for out-of-domain rows). */
function reviewShare(profile: Profile, model: TopicModel | undefined, texts: readonly string[]): string {
  const enricher = createEnricher(profile, { model });
  let review = 0;
  let coverage = 0;
  let notRequest = 0;
  texts.forEach((text, i) => {
    const t = enricher.enrich({
      id: `ood-${i}`,
      t: 0,
      district: null,
      topic: null,
      caller: 'x',
      text,
      channel: 'web',
      raw: { id: `ood-${i}`, receivedAt: '1970-01-01T00:00:00Z', text },
    }).enrichment!.topic;
    review += Number(t.review === true);
    coverage += Number(t.why?.includes('character pairs') === true);
    notRequest += Number(t.why?.includes('no request') === true);
  });
  return (
    `n ${texts.length}  sent to review ${(100 * (review / texts.length)).toFixed(1)}% ` +
    `(${coverage} for coverage, ${notRequest} as no request, ${review - coverage - notRequest} for low confidence)`
  );
}

const shipped = TopicModel.load();
console.log(
  `eval set, committed model (T ${shipped.temperature}, map ${shipped.confidenceMap.slope}/${shipped.confidenceMap.intercept}, ` +
    `floor ${shipped.coverageFloor}): ${scoreOn(chengdu, shipped, readEvalSet())}`,
);

// Style shift: a model that has seen only template sentences, calibrated on held-out template sentences,
// read on the hand-written eval set.
const templates = templatedCorpus(chengdu, 300, 'shift');
const templateOnly = new TopicModel(trainTopicModel(chengdu, { ...train, mix: 'none', labelled: templates }));
console.log(
  `style shift (templates only, T ${templateOnly.temperature}) on the eval set: ${scoreOn(chengdu, templateOnly, readEvalSet())}`,
);

if (existsSync(LONG_LETTERS)) {
  const letters = readEvalSet(LONG_LETTERS);
  const ood = letters.filter((l) => l.tags.includes('ood'));
  const inDomain = letters.filter((l) => !ood.includes(l));
  console.log(`long letters, committed model: ${scoreOn(chengdu, shipped, inDomain)}`);
  console.log(
    `long letters in domain, committed model, why: ${reviewShare(
      chengdu,
      shipped,
      inDomain.map((l) => l.text),
    )}`,
  );
  console.log(
    `long letters ood rows, committed model: ${reviewShare(
      chengdu,
      shipped,
      ood.map((l) => l.text),
    )}`,
  );
}

if (existsSync(`${MAILBOX}labels.tsv`)) {
  const city = loadProfile(`${MAILBOX}profile.json`);
  const map = existsSync(`${MAILBOX}label-map.json`) ? readLabelMap(`${MAILBOX}label-map.json`, city) : null;
  const file = readLabelledFile(`${MAILBOX}labels.tsv`, city, map);
  console.log(`mailbox labels: ${file.format}, ${file.texts.length} messages, ${file.dropped} dropped by the map`);
  // Before: the committed (Chengdu) model read the city's letters, scored in the city's labels.
  const committed = createEnricher(city);
  const confidences: number[] = [];
  const right: boolean[] = [];
  let review = 0;
  file.texts.forEach((t, i) => {
    const topic = committed.enrich(textOnlyReport(t.text, i)).enrichment!.topic;
    confidences.push(topic.confidence);
    right.push((t.anyOf ?? [t.topic]).includes(topic.guess ?? topic.value));
    review += Number(topic.review === true);
  });
  console.log(
    `mailbox labels, committed model: accuracy ${f3(right.filter(Boolean).length / right.length)}  ECE ` +
      `${f3(expectedCalibrationError(confidences, right))}  review ${(100 * (review / right.length)).toFixed(1)}%`,
  );
  for (const mix of args.includes('--skip-cv') ? [] : (['none', 'shipped'] as const)) {
    const r = crossValidate(city, file.texts, { folds: 5, seed: `${train.seed}/cv`, train: { ...train, mix } });
    console.log(
      `mailbox 5-fold CV, mix ${mix}: accuracy ${f3(r.accuracy)}  macro-F1 ${f3(r.macroF1)}  ECE ${f3(r.ece)} ` +
        `(before temperature and map ${f3(r.eceUncalibrated)}, T ${r.temperatures.join('/')})  review ${(100 * r.reviewRate).toFixed(1)}% ` +
        `accuracy of the rest ${f3(r.acceptedAccuracy)}`,
    );
  }
  // The same letters under a profile whose topics are the city's own categories (codes shared with ours where the
  // category is ours, so --mix shipped still helps there): no map, nothing dropped, nothing merged.
  const own = new Profile({
    ...city.data,
    topics: OWN_TOPICS.map(([code, name]) => ({ ...city.data.topics[0], code, name, aliases: [] })),
  });
  const ownFile = readLabelledFile(`${MAILBOX}labels.tsv`, own);
  for (const mix of args.includes('--skip-cv') ? [] : (['none', 'shipped'] as const)) {
    const r = crossValidate(own, ownFile.texts, { folds: 5, seed: `${train.seed}/cv`, train: { ...train, mix } });
    console.log(
      `mailbox, own categories as topics, 5-fold CV, mix ${mix}: accuracy ${f3(r.accuracy)}  macro-F1 ${f3(r.macroF1)}  ` +
        `ECE ${f3(r.ece)} (before temperature and map ${f3(r.eceUncalibrated)})  review ${(100 * r.reviewRate).toFixed(1)}%`,
    );
  }
  if (existsSync(LONG_LETTERS)) {
    const cityModel = new TopicModel(trainTopicModel(city, { ...train, mix: 'shipped', labelled: file.texts }));
    const letters = readEvalSet(LONG_LETTERS);
    const ood = letters.filter((l) => l.tags.includes('ood'));
    console.log(
      `long letters, mailbox model (mix shipped, T ${cityModel.temperature}, map ${cityModel.confidenceMap.slope}/` +
        `${cityModel.confidenceMap.intercept}, floor ${cityModel.coverageFloor}): ${scoreOn(
          city,
          cityModel,
          letters.filter((l) => !ood.includes(l)),
        )}`,
    );
    console.log(
      `long letters in domain, mailbox model, why: ${reviewShare(
        city,
        cityModel,
        letters.filter((l) => !ood.includes(l)).map((l) => l.text),
      )}`,
    );
    console.log(
      `long letters ood rows, mailbox model: ${reviewShare(
        city,
        cityModel,
        ood.map((l) => l.text),
      )}`,
    );
  }
}
