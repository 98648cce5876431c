// `lizheng train`: trains the topic classifier on the committed training corpus, or on a city's own labelled
// messages (with or without the shipped corpus), calibrates its confidence and writes the model file.
import type { Command } from 'commander';
import { UsageError } from '../errors.ts';
import { loadProfile, type Profile } from '../profile/city-profile.ts';
import { readLabelledFile, readLabelMap, type LabelledFile } from '../enrich/topic-labels.ts';
import { DEFAULT_TRAIN_OPTIONS, trainTopicModel, writeModel, type TrainOptions } from '../enrich/train-classifier.ts';
import { DEFAULT_MODEL_PATH } from '../enrich/topic-model.ts';
import { parseNumberFlag } from './flags.ts';
import { progressBar } from './progress-bar.ts';

interface TrainFlags {
  profile: string;
  out?: string;
  labelled?: string;
  map?: string;
  mix: string;
  seed: string;
  members: string;
  perTopic: string;
  devShare: string;
  lengthNorm: string;
  progress: boolean;
}

export const MIX_CHOICES = ['shipped', 'none'] as const;

export function register(program: Command): void {
  program
    .command('train')
    .description(
      "train the topic classifier on engine/enrich/training/ or a city's own labelled messages and write the model file",
    )
    .option('-p, --profile <name|file>', "city profile: its topics are the model's classes", 'chengdu')
    .option(
      '-o, --out <file>',
      `model file to write (default: ${DEFAULT_MODEL_PATH} without --labelled, ./topic-model-<city code>.json with it)`,
    )
    .option(
      '--labelled <file>',
      "a city's labelled messages: NDJSON {text,label}, TSV text<TAB>label, or TSV with a header naming text and label",
    )
    .option('--map <file>', 'JSON: city label → topic code or name of the profile, null to leave those messages out')
    .option(
      '--mix <shipped|none>',
      'with --labelled: also train on the shipped corpus (shipped) or not (none)',
      'shipped',
    )
    .option('--seed <text>', 'seed of the template expansion and the training order', DEFAULT_TRAIN_OPTIONS.seed)
    .option('--members <n>', 'models averaged into one (bagging)', String(DEFAULT_TRAIN_OPTIONS.members))
    .option('--per-topic <n>', 'template sentences per topic and member', String(DEFAULT_TRAIN_OPTIONS.perTopic))
    .option(
      '--dev-share <p>',
      'share of the labelled messages held out to calibrate the confidence (0: no calibration)',
      String(DEFAULT_TRAIN_OPTIONS.devShare),
    )
    .option(
      '--length-norm <chars>',
      'texts longer than this count with features worth sqrt(chars / length), so long letters are not sure for length alone (0: off)',
      String(DEFAULT_TRAIN_OPTIONS.lengthNorm),
    )
    .option('--no-progress', 'no progress bar on stderr')
    .addHelpText(
      'after',
      `
The model's classes are the profile's topics. Labels are topic codes or names of the profile, or city labels
mapped through --map. Training runs twice: once without a held-out part (the shipped development set, or
--dev-share of the labelled messages, stratified) to fit the temperature and the confidence map (a slope and an
intercept on the log-odds) that calibrate the confidence, and the coverage floor below which a text counts as
unfamiliar, then on everything. An out-of-domain check is trained too: texts of
engine/enrich/evaluation/ood-tuning.tsv that are no request (praise, questions, adverts…) against complaints; a
letter longer than 60 characters that reads as no request goes to review. The same flags give the same model
file, byte for byte. Measure it with: lizheng evaluate-text (--labelled FILE --cv 5 for a city's messages).

Example:
  lizheng train                       # rewrites engine/enrich/model/topic-model.json
  lizheng train --profile city.json --labelled labels.tsv --map label-map.json --mix none --out city-model.json`,
    )
    .action((flags: TrainFlags) => train(flags));
}

/** Read --labelled (with --map) and say on stderr how the file was read. */
export function readLabelledFlags(flags: { labelled: string; map?: string }, profile: Profile): LabelledFile {
  const map = flags.map ? readLabelMap(flags.map, profile) : null;
  const file = readLabelledFile(flags.labelled, profile, map);
  const counts = new Map<string, number>();
  for (const t of file.texts) {
    const label =
      t.label === t.topic || t.label === undefined ? t.topic : `${t.label} → ${(t.anyOf ?? [t.topic]).join('|')}`;
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  process.stderr.write(
    `${flags.labelled}: read as ${file.format}: ${file.texts.length} messages` +
      `${file.dropped ? `, ${file.dropped} left out by the map` : ''}; ` +
      `${[...counts].map(([label, n]) => `${label} ${n}`).join(', ')}\n`,
  );
  return file;
}

/** --mix as the training option, or a UsageError. */
export function parseMix(value: string): TrainOptions['mix'] {
  if (!(MIX_CHOICES as readonly string[]).includes(value))
    throw new UsageError(`--mix must be ${MIX_CHOICES.join(' or ')} (got ${JSON.stringify(value)})`);
  return value as TrainOptions['mix'];
}

function train(flags: TrainFlags): void {
  const profile = loadProfile(flags.profile);
  if (flags.map && !flags.labelled) throw new UsageError('--map needs --labelled');
  const labelled = flags.labelled ? readLabelledFlags({ labelled: flags.labelled, map: flags.map }, profile) : null;
  const options: TrainOptions = {
    ...DEFAULT_TRAIN_OPTIONS,
    seed: flags.seed,
    members: parseNumberFlag('--members', flags.members, { min: 1, max: 50, integer: true }),
    perTopic: parseNumberFlag('--per-topic', flags.perTopic, { min: 10, max: 100_000, integer: true }),
    devShare: parseNumberFlag('--dev-share', flags.devShare, { min: 0, max: 0.5 }),
    mix: parseMix(flags.mix),
    lengthNorm: parseNumberFlag('--length-norm', flags.lengthNorm, { min: 0, integer: true }),
    labelled: labelled?.texts,
  };
  const out = flags.out ?? (labelled ? `topic-model-${profile.data.code}.json` : DEFAULT_MODEL_PATH);
  const rounds = options.devShare > 0 ? 2 : 1;
  const bar = progressBar('train', options.members * rounds, 'models', flags.progress);
  const started = performance.now();
  const model = trainTopicModel(profile, options, (done) => bar.update(done));
  bar.stop();
  writeModel(model, out);
  const t = model.training;
  const calibrated =
    model.temperature === undefined
      ? ''
      : `, temperature ${model.temperature}, confidence map ${model.confidenceMap?.slope}·logit + ` +
        `${model.confidenceMap?.intercept} and coverage floor ${model.coverageFloor} from ${t.heldOut} held-out texts`;
  process.stderr.write(
    `trained ${model.topics.length} topics on ${t.textsPerMember} texts × ${t.members} models, ` +
      `${t.features} features${calibrated}, in ${((performance.now() - started) / 1000).toFixed(1)} s → ${out}\n`,
  );
}
