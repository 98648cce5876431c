// `lizheng evaluate-text`: scores topic and district enrichment on the hand-written evaluation set.
import type { Command } from 'commander';
import { loadProfile, type Profile } from '../profile/city-profile.ts';
import { DEFAULT_THRESHOLD } from '../enrich/topic-classifier.ts';
import { EVAL_SET_PATH, evaluateEnricher, readEvalSet, type EvalResult } from '../enrich/evaluate-text.ts';
import { parseNumberFlag } from './flags.ts';

interface EvaluateFlags {
  profile: string;
  set: string;
  model?: string;
  lexicon: boolean;
  threshold: string;
  json: boolean;
  errors: boolean;
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
    .option('--json', 'print the full result as JSON', false)
    .option('--errors', 'list every wrong answer', false)
    .addHelpText(
      'after',
      `
Prints topic accuracy, macro-F1, review rate, per-topic precision/recall/F1, the confusion between topics,
and district accuracy where the text names one (and how often it stays unknown where none is named).

Example:
  lizheng evaluate-text
  lizheng evaluate-text --lexicon --errors`,
    )
    .action((flags: EvaluateFlags) => evaluate(flags));
}

async function evaluate(flags: EvaluateFlags): Promise<void> {
  // Loaded here, not on import: `lizheng --help` must not load jieba or the topic model.
  const { createEnricher } = await import('../enrich/enricher.ts');
  const profile = loadProfile(flags.profile);
  const threshold = parseNumberFlag('--threshold', flags.threshold, { min: 0, max: 1 });
  const enricher = createEnricher(profile, { model: flags.lexicon ? null : flags.model, threshold });
  const result = evaluateEnricher(enricher, profile, readEvalSet(flags.set));
  if (flags.json)
    process.stdout.write(`${JSON.stringify({ topicSource: enricher.topicSource, threshold, ...result }, null, 2)}\n`);
  else process.stdout.write(report(result, profile, enricher.topicSource, flags.errors));
}

function report(r: EvalResult, profile: Profile, source: string, errors: boolean): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const lines = [
    `items ${r.items}   topic source: ${source}`,
    `topic accuracy ${r.topicAccuracy.toFixed(3)}   macro-F1 ${r.macroF1.toFixed(3)}   sent to review ` +
      `${pct(r.reviewRate)}   accuracy on unambiguous items ${r.clearAccuracy.toFixed(3)}`,
    `district accuracy where named ${r.districtAccuracy.toFixed(3)} (${r.districtNamed} items)   left unknown where ` +
      `none named ${pct(r.districtAbstention)} (${r.districtUnnamed} items)`,
    '',
    'topic                      precision recall  F1     n',
    ...r.perTopic.map(
      (t) =>
        `${profile.topicLabel(t.topic).padEnd(26 - cjkWidth(profile.topicLabel(t.topic)))} ${t.precision.toFixed(3)}` +
        `     ${t.recall.toFixed(3)}  ${t.f1.toFixed(3)}  ${t.support}`,
    ),
    '',
    'confusion (rows: truth, columns: predicted, codes abbreviated to 4 letters)',
    `      ${profile.topicCodes.map((c) => c.slice(0, 4).padStart(5)).join('')}`,
    ...profile.topicCodes.map(
      (t) =>
        `${t.slice(0, 4).padEnd(6)}` +
        `${profile.topicCodes.map((p) => String(r.confusion[t][p] || '.').padStart(5)).join('')}`,
    ),
  ];
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
