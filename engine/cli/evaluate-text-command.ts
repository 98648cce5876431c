// `lizheng evaluate-text`: scores topic and district enrichment on the hand-written evaluation set, or a city's
// own labelled messages by cross-validation, with the calibration of the topic's confidence.
import type { Command } from 'commander';
import { UsageError } from '../errors.ts';
import { loadProfile, type Profile } from '../profile/city-profile.ts';
import { DEFAULT_THRESHOLD } from '../enrich/topic-classifier.ts';
import {
  EVAL_SET_PATH,
  crossValidate,
  evaluateEnricher,
  readEvalSet,
  type CrossValidationResult,
  type EvalResult,
} from '../enrich/evaluate-text.ts';
import type { ReliabilityBin } from '../stats/reliability-bins.ts';
import { DEFAULT_TRAIN_OPTIONS } from '../enrich/train-classifier.ts';
import { parseNumberFlag } from './flags.ts';
import { progressBar } from './progress-bar.ts';
import { parseMix, readLabelledFlags } from './train-command.ts';

interface EvaluateFlags {
  profile: string;
  set: string;
  model?: string;
  lexicon: boolean;
  threshold: string;
  coverageFloor?: string;
  labelled?: string;
  map?: string;
  mix: string;
  cv: string;
  members: string;
  lengthNorm: string;
  json: boolean;
  errors: boolean;
  progress: boolean;
}

export function register(program: Command): void {
  program
    .command('evaluate-text')
    .description('measure topic and district enrichment on a labelled set (default: the hand-written evaluation set)')
    .option('-p, --profile <name|file>', 'city profile', 'chengdu')
    .option('--set <file>', 'labelled TSV: topic, district (or -), text, tags', EVAL_SET_PATH)
    .option('--model <file>', 'topic model file (default: the committed model)')
    .option('--lexicon', 'classify with the keyword lexicon only (the cold start)', false)
    .option('--threshold <p>', 'confidence below which the topic is other + review', String(DEFAULT_THRESHOLD))
    .option(
      '--coverage-floor <p>',
      "share of a text's character pairs the model must know, else review as unfamiliar (default: the model's own)",
    )
    .option('--labelled <file>', "cross-validate on a city's labelled messages instead (formats as lizheng train)")
    .option('--map <file>', 'with --labelled: JSON city label → topic code, null to leave out')
    .option('--mix <shipped|none>', 'with --labelled: train each fold with the shipped corpus too, or not', 'shipped')
    .option('--cv <k>', 'with --labelled: folds of the stratified cross-validation', '5')
    .option('--members <n>', 'with --labelled: models averaged per fold', String(DEFAULT_TRAIN_OPTIONS.members))
    .option(
      '--length-norm <chars>',
      'with --labelled: as lizheng train --length-norm',
      String(DEFAULT_TRAIN_OPTIONS.lengthNorm),
    )
    .option('--json', 'print the full result as JSON', false)
    .option('--errors', 'list every wrong answer', false)
    .option('--no-progress', 'no progress bar on stderr')
    .addHelpText(
      'after',
      `
Prints topic accuracy, macro-F1, review rate, per-topic precision/recall/F1, the confusion between topics,
district accuracy where the text names one (and how often it stays unknown where none is named), and the
calibration of the topic's confidence: expected calibration error (ECE, 10 bins) and the reliability table.

With --labelled FILE --cv k: stratified k-fold cross-validation on a city's own messages. Each fold's model is
trained as lizheng train would (calibrated on its own held-out split) on the other folds; prints accuracy,
macro-F1, per-topic scores, the share sent to review and why, and ECE of the confidence the enricher reports
(temperature, then confidence map) and of the model's plain softmax before either.

Example:
  lizheng evaluate-text
  lizheng evaluate-text --lexicon --errors
  lizheng evaluate-text --profile city.json --labelled labels.tsv --map label-map.json --cv 5 --mix none --json`,
    )
    .action((flags: EvaluateFlags) => evaluate(flags));
}

async function evaluate(flags: EvaluateFlags): Promise<void> {
  // Loaded here, not on import: `lizheng --help` must not load jieba or the topic model.
  const { createEnricher } = await import('../enrich/enricher.ts');
  const profile = loadProfile(flags.profile);
  const threshold = parseNumberFlag('--threshold', flags.threshold, { min: 0, max: 1 });
  const coverageFloor =
    flags.coverageFloor === undefined
      ? undefined
      : parseNumberFlag('--coverage-floor', flags.coverageFloor, { min: 0, max: 1 });
  if (flags.labelled) return crossValidation({ ...flags, labelled: flags.labelled }, profile, threshold, coverageFloor);
  if (flags.map) throw new UsageError('--map needs --labelled');
  const enricher = createEnricher(profile, { model: flags.lexicon ? null : flags.model, threshold, coverageFloor });
  const result = evaluateEnricher(enricher, profile, readEvalSet(flags.set));
  if (flags.json)
    process.stdout.write(`${JSON.stringify({ topicSource: enricher.topicSource, threshold, ...result }, null, 2)}\n`);
  else process.stdout.write(report(result, profile, enricher.topicSource, flags.errors));
}

function crossValidation(
  flags: EvaluateFlags & { labelled: string },
  profile: Profile,
  threshold: number,
  coverageFloor: number | undefined,
): void {
  const folds = parseNumberFlag('--cv', flags.cv, { min: 2, max: 20, integer: true });
  const file = readLabelledFlags(flags, profile);
  const train = {
    ...DEFAULT_TRAIN_OPTIONS,
    mix: parseMix(flags.mix),
    members: parseNumberFlag('--members', flags.members, { min: 1, max: 50, integer: true }),
    lengthNorm: parseNumberFlag('--length-norm', flags.lengthNorm, { min: 0, integer: true }),
  };
  const bar = progressBar('cross-validate', folds, 'folds', flags.progress);
  const result = crossValidate(
    profile,
    file.texts,
    { folds, seed: `${train.seed}/cv`, train, threshold, coverageFloor },
    (done) => bar.update(done),
  );
  bar.stop();
  if (flags.json) {
    const { confusion, ...rest } = result;
    process.stdout.write(
      `${JSON.stringify({ mix: train.mix, threshold, format: file.format, ...rest, confusion }, null, 2)}\n`,
    );
  } else process.stdout.write(cvReport(result, profile, train.mix));
}

function cvReport(r: CrossValidationResult, profile: Profile, mix: string): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  return `${[
    `${r.items} messages, stratified ${r.folds}-fold cross-validation, mix ${mix}`,
    `topic accuracy ${r.accuracy.toFixed(3)}   macro-F1 ${r.macroF1.toFixed(3)}   sent to review ${pct(r.reviewRate)} ` +
      `(${r.reviewLowConfidence} low confidence, ${r.reviewUnfamiliar} unfamiliar or no request)   accuracy of the rest ` +
      `${r.acceptedAccuracy.toFixed(3)}`,
    `ECE ${r.ece.toFixed(3)} calibrated (temperatures ${r.temperatures.join(', ')}, then each fold's confidence map), ` +
      `${r.eceUncalibrated.toFixed(3)} before either`,
    '',
    ...topicTable(r.perTopic, profile),
    '',
    ...reliabilityTable(r.reliability),
  ].join('\n')}\n`;
}

function topicTable(rows: EvalResult['perTopic'], profile: Profile): string[] {
  return [
    'topic                      precision recall  F1     n',
    ...rows.map(
      (t) =>
        `${profile.topicLabel(t.topic).padEnd(26 - cjkWidth(profile.topicLabel(t.topic)))} ${t.precision.toFixed(3)}` +
        `     ${t.recall.toFixed(3)}  ${t.f1.toFixed(3)}  ${t.support}`,
    ),
  ];
}

/** The reliability table: per confidence bin, how many answers, how sure and how often right. */
function reliabilityTable(bins: readonly ReliabilityBin[]): string[] {
  return [
    'confidence    answers  mean confidence  accuracy',
    ...bins.map(
      (b) =>
        `${b.lower.toFixed(1)}–${b.upper.toFixed(1)}       ${String(b.count).padStart(5)}  ` +
        `${b.count ? b.confidence.toFixed(3) : '    -'}            ${b.count ? b.accuracy.toFixed(3) : '    -'}`,
    ),
  ];
}

function report(r: EvalResult, profile: Profile, source: string, errors: boolean): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const lines = [
    `items ${r.items}   topic source: ${source}`,
    `topic accuracy ${r.topicAccuracy.toFixed(3)}   macro-F1 ${r.macroF1.toFixed(3)}   sent to review ` +
      `${pct(r.reviewRate)}   accuracy on unambiguous items ${r.clearAccuracy.toFixed(3)}`,
    `confidence calibration: ECE ${r.ece.toFixed(3)} (10 bins)`,
    `district accuracy where named ${r.districtAccuracy.toFixed(3)} (${r.districtNamed} items)   left unknown where ` +
      `none named ${pct(r.districtAbstention)} (${r.districtUnnamed} items)`,
    '',
    ...topicTable(r.perTopic, profile),
    '',
    'confusion (rows: truth, columns: predicted, codes abbreviated to 4 letters)',
    `      ${profile.topicCodes.map((c) => c.slice(0, 4).padStart(5)).join('')}`,
    ...profile.topicCodes.map(
      (t) =>
        `${t.slice(0, 4).padEnd(6)}` +
        `${profile.topicCodes.map((p) => String(r.confusion[t][p] || '.').padStart(5)).join('')}`,
    ),
  ];
  lines.push('', ...reliabilityTable(r.reliability));
  if (errors)
    lines.push(
      '',
      'errors:',
      ...r.errors.map(
        (e) => `  [${e.kind}] ${e.truth} → ${e.predicted}${e.kind === 'topic' ? ` (${e.confidence})` : ''}  ${e.text}`,
      ),
    );
  return `${lines.join('\n')}\n`;
}

/** Extra columns CJK characters take in a terminal (each is two wide). */
const cjkWidth = (s: string) => [...s].filter((c) => c.charCodeAt(0) > 0x2e80).length;
