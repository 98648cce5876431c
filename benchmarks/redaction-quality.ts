// Redaction on the hand-written corpus: recall per kind of identifier, precision of the spans, keep strings lost
// (must be none), and throughput of redactText against a bare digit replace over the same texts in the same run.
// Run: npx tsx benchmarks/redaction-quality.ts [--corpus engine/privacy/evaluation/redaction-heldout.ndjson]
// (the held-out set, written after tuning and never tuned on, says how redaction generalises)
import { parseArgs } from 'node:util';
import { evaluateRedaction, readRedactionCorpus } from '../engine/privacy/evaluate-redaction.ts';
import { redactText } from '../engine/privacy/redact-text.ts';

/** Blocks measured per variant, after WARM_UP blocks that let the JIT settle; variants alternate block by block. */
const BLOCKS = 40;
const WARM_UP = 5;
/** Passes over the corpus per block: tens of milliseconds of redaction. */
const PASSES = 20;

const { values: args } = parseArgs({ options: { corpus: { type: 'string' } } });
const corpus = readRedactionCorpus(args.corpus);
const q = evaluateRedaction(corpus);
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

console.log(
  `Redaction corpus ${args.corpus ?? '(tuning set)'}: ${q.entries} reports, ${q.planted} planted identifiers, ${q.spans} spans produced\n`,
);
console.log('kind       planted  found  recall    spans  hits  precision');
for (const k of q.perKind) {
  console.log(
    `${k.kind.padEnd(10)} ${String(k.planted).padStart(7)} ${String(k.found).padStart(6)}  ${pct(k.recall).padStart(7)}  ${String(k.spans).padStart(6)} ${String(k.hits).padStart(5)}  ${pct(k.precision).padStart(9)}`,
  );
}
console.log(
  `${'all'.padEnd(10)} ${String(q.planted).padStart(7)} ${String(q.found).padStart(6)}  ${pct(q.recall).padStart(7)}  ${String(q.spans).padStart(6)} ${String(q.hits).padStart(5)}  ${pct(q.precision).padStart(9)}`,
);
console.log(`\nFound values whose span has the planted kind: ${pct(q.typedShare)}`);
console.log(`\nMisses (${q.misses.length}):`);
for (const m of q.misses) console.log(`  ${m.id} ${m.kind} ${m.value}`);
console.log(`Spans on nothing planted (${q.falseSpans.length}):`);
for (const f of q.falseSpans) console.log(`  ${f.id} ${f.kind} ${f.covered}`);
console.log(`Keep strings lost (${q.lostKeeps.length}, must be 0):`);
for (const l of q.lostKeeps) console.log(`  ${l.id} ${l.keep} → ${l.redacted}`);

// Texts as a reader would get them from JSON.parse, not slices of one file string.
const texts = corpus.map((e) => JSON.parse(JSON.stringify(e.text)) as string);
let sink = 0;
const variants: Record<string, (text: string) => void> = {
  "text.replace(/\\d/g, '#')": (text) => {
    sink += text.replace(/\d/g, '#').length;
  },
  redactText: (text) => {
    sink += redactText(text).text.length;
  },
};
/** CPU seconds (less skewed by other processes than wall time) of one block of `work`. */
function block(work: (text: string) => void): number {
  const started = process.cpuUsage();
  for (let p = 0; p < PASSES; p++) for (const text of texts) work(text);
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1e6;
}
const seconds: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
for (let b = 0; b < WARM_UP + BLOCKS; b++) {
  for (const [name, work] of Object.entries(variants)) {
    const s = block(work);
    if (b >= WARM_UP) seconds[name].push(s);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rate = (name: string) => (PASSES * texts.length) / median(seconds[name]);
console.log(`\nThroughput (median of ${BLOCKS} blocks of ${PASSES * texts.length} reports, CPU time, one core):`);
for (const name of Object.keys(variants))
  console.log(`  ${name.padEnd(26)} ${Math.round(rate(name)).toLocaleString('en')} reports/s`);
const ratio = rate('redactText') / rate("text.replace(/\\d/g, '#')");
console.log(`  ratio redactText / baseline: ${ratio.toFixed(3)} (the baseline is ${(1 / ratio).toFixed(1)}× faster)`);
if (sink === 0) console.log('');
