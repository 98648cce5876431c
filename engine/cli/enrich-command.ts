// `lizheng enrich`: lets a city read its own feed as the edge settles it (district, topic and why) before running it.
import type { Command } from 'commander';
import { PartialInputError } from '../errors.ts';
import type { Report } from '../intake/report.ts';
import { CityClock } from '../time/event-time.ts';
import { reportPartialFailure } from './exit-codes.ts';
import { parseNumberFlag } from './flags.ts';
import { OutputLines } from './output-lines.ts';
import { progressBar } from './progress-bar.ts';

interface EnrichFlags {
  input: string;
  profile: string;
  model?: string;
  threshold?: string;
  coverageFloor?: string;
  localTimes?: boolean;
  progress: boolean;
}

export function register(program: Command): void {
  program
    .command('enrich')
    .description('print each report of a feed as the edge settles it: district, topic (with review and why), places')
    .requiredOption('-i, --input <file>', 'NDJSON feed (intake contract; .gz or - for stdin)')
    .option('-p, --profile <name|file>', 'city profile', 'chengdu')
    .option('--model <file>', 'topic model file (default: the committed model; lizheng train --labelled makes one)')
    .option('--threshold <p>', 'topic confidence below which the topic is other + review')
    .option('--coverage-floor <p>', "share of a text's character pairs the model must know, else review as unfamiliar")
    .option('--local-times', "read offset-less times in the profile's timezone")
    .option('--no-progress', 'no progress bar on stderr')
    .addHelpText(
      'after',
      `
One JSON line per report on stdout, in input order, from the same intake and enricher detect and replay use:
  {"id":…,"district":{"value","source","evidence"},"topic":{"value","confidence","source","evidence",
   "review","why","guess"},"places":[…],"urgency":{"score","signals"}}
A report sent to review has topic other, review true, why (low confidence; text unfamiliar to the model; or a
letter that reads as no request: praise, a question, an advert…) and guess (the topic it would have had). Bad lines are named on stderr with their line number and skipped.

Example:
  lizheng enrich --input data/week/feed.ndjson | head
  lizheng enrich --input letters.ndjson --profile city.json --model city-model.json > settled.ndjson`,
    )
    .action((flags: EnrichFlags) => enrich(flags));
}

/** The settled fields of an enriched report, as printed. */
export function settledLine(report: Report): string {
  const e = report.enrichment!;
  return JSON.stringify({ id: report.id, district: e.district, topic: e.topic, places: e.places, urgency: e.urgency });
}

async function enrich(flags: EnrichFlags): Promise<void> {
  // Loaded here, not on import: `lizheng --help` must not load jieba or the topic model.
  const [{ INTAKE_BATCH, Intake }, { openNdjson }, { loadProfile }, { createEnricher }] = await Promise.all([
    import('../intake/intake.ts'),
    import('../intake/read-ndjson.ts'),
    import('../profile/city-profile.ts'),
    import('../enrich/enricher.ts'),
  ]);
  const profile = loadProfile(flags.profile);
  const enricher = createEnricher(profile, {
    model: flags.model,
    threshold:
      flags.threshold === undefined ? undefined : parseNumberFlag('--threshold', flags.threshold, { min: 0, max: 1 }),
    coverageFloor:
      flags.coverageFloor === undefined
        ? undefined
        : parseNumberFlag('--coverage-floor', flags.coverageFloor, { min: 0, max: 1 }),
  });
  // The intake validates and settles; the enricher above (with --model) then enriches every report, as an intake in
  // mode `all` does with the committed model. Printed lines hold no caller, so ids are not hashed.
  const intake = new Intake(profile, new CityClock(profile.timezone), 'none', {
    localTimes: flags.localTimes === true,
    callerKey: null,
  });
  const input = await openNdjson(flags.input);
  const bar = progressBar('enrich', input.size ?? 0, 'bytes', flags.progress);
  const out = new OutputLines();
  const tally = { lines: 0, bad: 0, review: 0 };
  let broken: PartialInputError | null = null;
  try {
    for await (const batch of input.batches(INTAKE_BATCH)) {
      const answers = intake.acceptLines(batch);
      const reports = answers.filter((a): a is Report => typeof a !== 'string');
      enricher.enrichAll(reports);
      tally.lines += batch.length;
      for (const answer of answers) {
        if (typeof answer === 'string') {
          process.stderr.write(`${answer}\n`);
          tally.bad += 1;
        } else {
          tally.review += Number(answer.enrichment!.topic.review === true);
          out.write(settledLine(answer));
        }
      }
      bar.update(input.bytesRead);
      await out.flush();
    }
  } catch (err) {
    if (!(err instanceof PartialInputError)) throw err;
    broken = err;
  }
  await out.flush();
  bar.stop();
  process.stderr.write(
    `enrich: ${tally.lines - tally.bad} reports (${tally.review} sent to review), ${tally.bad} bad lines; ` +
      `topic source: ${enricher.topicSource}\n`,
  );
  if (broken) reportPartialFailure((broken as PartialInputError).message);
  else if (tally.lines === tally.bad)
    reportPartialFailure(`no valid report was read from ${input.path} (${tally.bad} bad lines)`);
}
