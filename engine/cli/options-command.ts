// `lizheng options`: every detector option `--set key=value` accepts, with its default and meaning, printed
// from the table beside the defaults (engine/decide/decider-options.ts) so the list cannot fall behind them.
import type { Command } from 'commander';
import { DECIDER_OPTION_DOCS, DEFAULT_DECIDER_OPTIONS, type DeciderOptionKey } from '../decide/decider-options.ts';
import { DECIDER_OPTION_KEYS } from '../decide/tune-options.ts';

export interface DocumentedOption {
  readonly key: string;
  readonly default: unknown;
  readonly meaning: string;
}

/** The default at a dotted path of the decider's options. */
function defaultAt(key: string): unknown {
  return key.split('.').reduce<unknown>((node, k) => (node as Record<string, unknown>)[k], DEFAULT_DECIDER_OPTIONS);
}

/** Every key `--set` accepts, in the defaults' order, with its default and its line of the table. */
export function documentedOptions(): DocumentedOption[] {
  return DECIDER_OPTION_KEYS.map((key) => ({
    key,
    default: defaultAt(key),
    meaning: DECIDER_OPTION_DOCS[key as DeciderOptionKey],
  }));
}

/** A default as one would type it after `--set key=`: small numbers in exponent form (3e-5, not 0.00003). */
function formatValue(v: unknown): string {
  if (typeof v === 'number') return v !== 0 && Math.abs(v) < 1e-3 ? v.toExponential() : String(v);
  if (Array.isArray(v)) return `[${v.map(formatValue).join(',')}]`;
  return String(v);
}

export function register(program: Command): void {
  program
    .command('options')
    .description('list the detector options that --set key=value accepts (detect, engine), with defaults and meanings')
    .option('--json', 'print them as a JSON array of {key, default, meaning}', false)
    .addHelpText(
      'after',
      `
Set them with --set key=value (repeatable) on lizheng detect or lizheng engine, or in lizheng.config.json:
  {"detect": {"set": {"fdr": 0.02, "slowRise.maxP": 1e-4}}}

Example:
  lizheng options
  lizheng detect --input feed.ndjson --set fdr=0.02 --set windows=[15,60,240]`,
    )
    .action((flags: { json: boolean }) => {
      const options = documentedOptions();
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(options, null, 2)}\n`);
        return;
      }
      const rows = options.map((o) => [o.key, formatValue(o.default), o.meaning]);
      const width = [0, 1].map((i) => Math.max(...rows.map((r) => r[i].length), i === 0 ? 3 : 7));
      const line = (r: string[]) => `${r[0].padEnd(width[0])}  ${r[1].padEnd(width[1])}  ${r[2]}`;
      process.stdout.write(
        [
          'Detector options: --set key=value on lizheng detect and lizheng engine (repeatable), or "set" in ' +
            'lizheng.config.json.',
          '',
          line(['key', 'default', 'meaning']),
          ...rows.map(line),
        ].join('\n') + '\n',
      );
    });
}
