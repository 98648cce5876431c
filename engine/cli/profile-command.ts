// `lizheng profile init`: a new city's profile learned from its own history, so the detector's priors start from
// the city's figures rather than the defaults.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { progressBar, type Progress } from './progress-bar.ts';

interface InitFlags {
  from: string;
  labels?: string;
  map?: string;
  base?: string;
  out: string;
  city?: string;
  code?: string;
  timezone?: string;
  progress: boolean;
}

export function register(program: Command): void {
  const profile = program
    .command('profile')
    .description('make a city profile: profile init learns one from history')
    .addHelpText(
      'after',
      `
A minimal profile (city, code, timezone, districts and topics by code and name) is enough to start; the README's
"City profile format" lists the defaults. profile init replaces them with what the city's history says.

Example:
  lizheng profile init --from history.ndjson --base ./my-city.json --out ./my-city.learned.json`,
    );
  profile
    .command('init')
    .description(
      'learn hour shape, weekday factors, daily volume, channels and district/topic shares from a history feed and ' +
        'write a profile',
    )
    .requiredOption('--from <feed>', 'history: intake reports as NDJSON (plain or gzip; - for stdin)')
    .requiredOption('-o, --out <file>', 'where to write the profile (JSON)')
    .option(
      '-b, --base <name|file>',
      'profile whose districts, topics and gazetteer are kept and whose names settle reports from their text ' +
        "(default: none — districts and topics are the values of the feed's own fields)",
    )
    .option(
      '--labels <file>',
      'what the city settled, by report id, over the feed fields: NDJSON of {"id", "district", "topic", "label"} or ' +
        "TSV with a header naming id and label (the city's own category), topic, district",
    )
    .option(
      '--map <file>',
      "JSON: the city's label → topic code, a list of them, or null (as train --map); needs --base",
    )
    .option('--city <name>', "the city's name (default: the base's)")
    .option('--code <code>', "the city's code (default: the base's)")
    .option('--timezone <iana>', "the city's IANA time zone (default: the base's, else Asia/Shanghai)")
    .option('--no-progress', 'no progress bar on stderr')
    .addHelpText(
      'after',
      `
A report's district and topic come from its label, else its own fields, else (with --base) its text, read with
the base's names, aliases and gazetteer. A city label that covers several topics (--map "城乡建设": ["housing",
"property", …]) takes the one of them the text names, else counts a share to each; one mapped to null counts for
no topic. Times without a UTC offset are read in the city's time zone. Bad lines
are named on stderr and skipped. Hours are local and smoothed over their neighbours; weekday factors are
relative to the Monday–Friday mean, which is the daily volume; weights and shares are add-one smoothed.

Example:
  lizheng profile init --from history.ndjson --base ./my-city.json --out ./my-city.learned.json
  lizheng profile init --from letters.ndjson --base ./my-city.json --labels labels.tsv --map label-map.json \\
    --out ./my-city.learned.json
  lizheng detect --profile ./my-city.learned.json --input today.ndjson`,
    )
    .action((flags: InitFlags) => init(flags));
}

async function init(flags: InitFlags): Promise<void> {
  // Loaded here, not on import: `lizheng --help` need not load the enricher.
  const { initProfile } = await import('../profile/init-profile.ts');
  let bar: Progress | undefined;
  const result = await initProfile({
    feed: flags.from,
    labels: flags.labels,
    map: flags.map,
    base: flags.base,
    out: flags.out,
    city: flags.city,
    code: flags.code,
    timezone: flags.timezone,
    onBadLine: (message) => process.stderr.write(`${message}\n`),
    onProgress: (bytes, feed) => {
      bar ??= progressBar('profile init', feed.size ?? 0, 'bytes', flags.progress);
      bar.update(bytes);
    },
  });
  bar?.stop();
  writeFileSync(flags.out, `${JSON.stringify(result.profile, null, 2)}\n`);
  const f = result.figures;
  const pct = (n: number) => `${((100 * n) / f.reports).toFixed(1)}%`;
  process.stderr.write(
    `profile init: ${f.reports} reports over ${f.days} whole days, ${result.badLines} bad lines; ` +
      `district from field ${pct(result.districtFromField)}, from text ${pct(result.districtFromText)}; ` +
      `topic from field ${pct(result.topicFromField)}, from text ${pct(result.topicFromText)}; ` +
      `daily volume ${f.dailyVolume}, channels ${f.channels.join(', ') || '(none seen)'}; wrote ${flags.out}\n`,
  );
}
