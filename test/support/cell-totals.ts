// Per-cell report totals two ways: what the in-process engine counts on a feed (the reference) and what
// an engine published to SERIES — equal totals mean no report was counted twice or lost.
import { readFileSync } from 'node:fs';
import { DetectEngine } from '../../engine/detect-engine.ts';
import { ReportError } from '../../engine/errors.ts';
import { Intake } from '../../engine/intake/intake.ts';
import { loadProfile } from '../../engine/profile/city-profile.ts';
import { MERGE_TOPIC, STREAMS } from '../../engine/stream/nats-names.ts';
import { CityClock } from '../../engine/time/event-time.ts';
import { readStream } from './jetstream-reader.ts';

/** district.topic → reports counted, as `lizheng detect` (default enrichment) counts them on `feedPath`. */
export function referenceCellTotals(feedPath: string, latenessMs = 120_000): Map<string, number> {
  const profile = loadProfile('chengdu');
  const clock = new CityClock(profile.timezone);
  const intake = new Intake(profile, clock, 'all');
  const totals = new Map<string, number>();
  const engine = new DetectEngine({
    profile,
    clock,
    latenessMs,
    onAlert: () => {},
    onSeries: (s) => {
      for (const c of s.cells)
        totals.set(`${c.district}.${c.topic}`, (totals.get(`${c.district}.${c.topic}`) ?? 0) + c.reports);
    },
  });
  for (const line of readFileSync(feedPath, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      engine.ingest(intake.accept(JSON.parse(line)));
    } catch (err) {
      if (!(err instanceof ReportError)) throw err;
    }
  }
  engine.flush();
  return totals;
}

/** district.topic → reports summed over every cell message on SERIES; throws on a repeated cell-minute. */
export async function publishedCellTotals(url: string): Promise<Map<string, number>> {
  const totals = new Map<string, number>();
  const seen = new Set<string>();
  for (const m of await readStream(url, STREAMS.series)) {
    if (m.subject.endsWith(`.${MERGE_TOPIC}`)) continue;
    const cell = JSON.parse(m.data) as { minute: number; district: string; topic: string; reports: number };
    const key = `${cell.district}.${cell.topic}`;
    if (seen.has(`${key}@${cell.minute}`))
      throw new Error(`cell ${key} minute ${cell.minute} published twice (seq ${m.seq})`);
    seen.add(`${key}@${cell.minute}`);
    totals.set(key, (totals.get(key) ?? 0) + cell.reports);
  }
  return totals;
}

/** A Map as a sorted plain object, so toEqual prints readable differences. */
export const sorted = (m: Map<string, number>): Record<string, number> =>
  Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : 1)));
