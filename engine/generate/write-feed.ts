// Writes a synthetic feed to DIR/feed.ndjson and its ground truth to DIR/truth.json.
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { InputError } from '../errors.ts';
import type { SyntheticFeed } from './synthetic-feed.ts';
import { SURGE_KINDS, type SurgeKind, type Truth, type TruthDecoy, type TruthSurge } from './truth.ts';

export interface GenerateSummary {
  readonly reports: number;
  readonly surges: Readonly<Record<SurgeKind, number>>;
  readonly decoys: number;
  readonly feedPath: string;
  readonly truthPath: string;
}

/** Progress after each day: days done, days in all, reports written so far. */
export type DayProgress = (done: number, total: number, reports: number) => void;

/** Generate the feed into `outDir` (created if missing) and return what was written. */
export async function writeFeed(feed: SyntheticFeed, outDir: string, onDay?: DayProgress): Promise<GenerateSummary> {
  const feedPath = join(outDir, 'feed.ndjson');
  const truthPath = join(outDir, 'truth.json');
  try {
    await mkdir(outDir, { recursive: true });
  } catch (cause) {
    throw new InputError(`cannot create output directory ${outDir}: ${(cause as Error).message}`, { cause });
  }
  const out = createWriteStream(feedPath, { highWaterMark: 1 << 20 });
  const failed = new Promise<never>((_, reject) =>
    out.once('error', (cause) => reject(new InputError(`cannot write ${feedPath}: ${cause.message}`, { cause }))),
  );
  failed.catch(() => undefined); // observed through the races below
  let reports = 0;
  for (const batch of feed.batches()) {
    reports += batch.reports.length;
    const chunk = batch.reports.map((r) => JSON.stringify(r)).join('\n');
    if (chunk && !out.write(`${chunk}\n`)) await Promise.race([once(out, 'drain'), failed]);
    onDay?.(batch.day.index + 1, feed.days.length, reports);
  }
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
  const truth = buildTruth(feed, reports);
  await writeFile(truthPath, `${truthJson(truth)}\n`);
  const surges = Object.fromEntries(
    SURGE_KINDS.map((k) => [k, truth.surges.filter((s) => s.kind === k).length]),
  ) as Record<SurgeKind, number>;
  return { reports, surges, decoys: truth.decoys.length, feedPath, truthPath };
}

/** Truth as indented JSON with each list of report ids on one line, so the file stays readable. */
export function truthJson(truth: Truth): string {
  return JSON.stringify(truth, null, 2).replace(
    /\[\n\s+("[^"\n]*"(?:,\n\s+"[^"\n]*")*)\n\s+\]/g,
    (_, items: string) => `[${items.replace(/,\n\s+/g, ', ')}]`,
  );
}

/** The ground truth of a feed whose batches have all been produced (report ids are known only then). */
export function buildTruth(feed: SyntheticFeed, reports: number): Truth {
  const { clock, days, options } = feed;
  const iso = (t: number) => clock.format(t);
  const surges: TruthSurge[] = [];
  const decoys: TruthDecoy[] = [];
  for (const inj of [...feed.injections].sort((a, b) => a.start - b.start)) {
    const reportIds = feed.idsByInjection.get(inj.id) ?? [];
    const when = { start: iso(inj.start), end: iso(inj.end) };
    if (inj.kind === 'repeat_caller' || inj.kind === 'morning_peak') {
      decoys.push({
        id: inj.id,
        kind: inj.kind,
        district: inj.district,
        topic: inj.topic,
        ...when,
        ...(inj.callerId ? { callerId: inj.callerId } : {}),
        reportIds,
      });
    } else {
      surges.push({
        id: inj.id,
        kind: inj.kind,
        district: inj.district,
        topic: inj.topic!,
        ...when,
        people: inj.people,
        place: inj.place,
        ...(inj.problem ? { problem: inj.problem } : {}),
        ...(inj.multiplier ? { multiplier: Math.round(inj.multiplier * 100) / 100 } : {}),
        reportIds,
      });
    }
  }
  return {
    version: 1,
    profile: options.profile.data.code,
    seed: options.seed,
    days: days.length,
    start: iso(days[0].start),
    end: iso(days[days.length - 1].end),
    injectFrom: iso(feed.injectFrom),
    reports,
    surges,
    decoys,
  };
}
