// `lizheng train`: retrains the topic classifier from the committed training corpus and writes the model file.
import type { Command } from 'commander';
import { loadProfile } from '../profile/city-profile.ts';
import { DEFAULT_TRAIN_OPTIONS, trainTopicModel, writeModel } from '../enrich/train-classifier.ts';
import { DEFAULT_MODEL_PATH } from '../enrich/topic-model.ts';
import { parseNumberFlag } from './flags.ts';
import { progressBar } from './progress-bar.ts';

interface TrainFlags {
  profile: string;
  out: string;
  seed: string;
  members: string;
  perTopic: string;
  progress: boolean;
}

export function register(program: Command): void {
  program
    .command('train')
    .description(
      'train the topic classifier on engine/enrich/training/ (never the evaluation set) and write the model file',
    )
    .option('-p, --profile <name|file>', 'city profile whose topics and place names the model learns', 'chengdu')
    .option('-o, --out <file>', 'model file to write', DEFAULT_MODEL_PATH)
    .option('--seed <text>', 'seed of the template expansion and the training order', DEFAULT_TRAIN_OPTIONS.seed)
    .option('--members <n>', 'models averaged into one (bagging)', String(DEFAULT_TRAIN_OPTIONS.members))
    .option('--per-topic <n>', 'template sentences per topic and member', String(DEFAULT_TRAIN_OPTIONS.perTopic))
    .option('--no-progress', 'no progress bar on stderr')
    .addHelpText(
      'after',
      `
The same flags give the same model file, byte for byte. Measure it with: lizheng evaluate-text

Example:
  lizheng train                       # rewrites engine/enrich/model/topic-model.json
  lizheng train --out /tmp/model.json --seed other`,
    )
    .action((flags: TrainFlags) => train(flags));
}

function train(flags: TrainFlags): void {
  const profile = loadProfile(flags.profile);
  const options = {
    ...DEFAULT_TRAIN_OPTIONS,
    seed: flags.seed,
    members: parseNumberFlag('--members', flags.members, { min: 1, max: 50, integer: true }),
    perTopic: parseNumberFlag('--per-topic', flags.perTopic, { min: 10, max: 100_000, integer: true }),
  };
  const bar = progressBar('train', options.members, 'models', flags.progress);
  const started = performance.now();
  const model = trainTopicModel(profile, options, (done) => bar.update(done));
  bar.stop();
  writeModel(model, flags.out);
  const t = model.training;
  process.stderr.write(
    `trained ${model.topics.length} topics on ${t.textsPerMember} texts × ${t.members} models, ` +
      `${t.features} features, in ${((performance.now() - started) / 1000).toFixed(1)} s → ${flags.out}\n`,
  );
}
