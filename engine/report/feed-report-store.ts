// `lizheng report --input FEED`: detection over a feed file in this process, into an in-memory store, so a replay
// user gets the report of any day of the feed from the same queries the running service reads.
import { assembleEngine } from '../assemble-engine.ts';
import { progressBar } from '../cli/progress-bar.ts';
import { tuneOptions } from '../decide/tune-options.ts';
import { PartialInputError } from '../errors.ts';
import type { Report } from '../intake/report.ts';
import { ThreadedIntake } from '../intake/threaded-intake.ts';
import type { Profile } from '../profile/city-profile.ts';
import type { AlertEvent } from '../../schemas/alert-event.ts';
import { openStore, type Store } from '../store/index.ts';
import { CityClock, MINUTE_MS } from '../time/event-time.ts';

/** The raw payload stored for a report in this throw-away store (the column is not null). */
const NO_RAW = {} as Report['raw'];

export interface FeedStoreOptions {
  readonly path: string;
  /** The profile's name or file, as the intake thread loads it. */
  readonly profileName: string;
  readonly profile: Profile;
  /** Reports received in [from, to) are stored (what the report reads); the engine sees them all. */
  readonly from: number;
  readonly to: number;
  readonly set?: readonly string[];
  readonly progress: boolean;
  readonly warn: (line: string) => void;
}

export interface FeedStore {
  readonly store: Store;
  /** Valid reports read, and bad or quarantined lines skipped. */
  readonly reports: number;
  readonly skipped: number;
  /** Set when reading broke off (a truncated .gz): what was read is in the store. */
  readonly broken: PartialInputError | null;
}

/** Run the whole-city detector over the feed as `lizheng detect` does, storing reports and alert events. */
export async function storeFeed(options: FeedStoreOptions): Promise<FeedStore> {
  const clock = new CityClock(options.profile.timezone);
  const store = await openStore({
    databaseUrl: null,
    dataDir: null,
    timezone: options.profile.timezone,
    maintainEveryMs: null,
    log: () => {},
  });
  try {
    const alerts: AlertEvent[] = [];
    const engine = assembleEngine(
      { profile: options.profile, clock, decider: tuneOptions([...(options.set ?? [])]), trackIncidents: true },
      { latenessMs: 2 * MINUTE_MS, onAlert: (e) => alerts.push(e) },
    );
    const feed = await ThreadedIntake.open({
      path: options.path,
      profile: options.profileName,
      mode: 'all',
      whole: true,
      gate: {},
      localTimes: false,
    });
    const bar = progressBar('report: detect', feed.size ?? 0, 'bytes', options.progress);
    let reports = 0;
    let skipped = 0;
    let broken: PartialInputError | null = null;
    try {
      for await (const batch of feed) {
        for (const message of batch.bad) options.warn(message);
        skipped += batch.bad.length;
        const counted: Report[] = [];
        const late: Report[] = [];
        for (const report of batch.reports as readonly Report[]) {
          reports++;
          const outcome = engine.ingest(report);
          if (outcome === 'duplicate' || report.t < options.from || report.t >= options.to) continue;
          // Without the raw payload: nothing in a report reads it, and writing it took over half of the run.
          (outcome === 'late' ? late : counted).push({ ...report, raw: NO_RAW });
        }
        await Promise.all([
          counted.length > 0 ? store.writer.writeReports(counted) : null,
          late.length > 0 ? store.writer.writeReports(late, { late: true }) : null,
          alerts.length > 0 ? store.writer.writeAlertEvents(alerts.splice(0)) : null,
        ]);
        bar.update(batch.bytesRead);
      }
    } catch (err) {
      if (!(err instanceof PartialInputError)) throw err;
      broken = err;
    }
    engine.flush();
    if (alerts.length > 0) await store.writer.writeAlertEvents(alerts.splice(0));
    await store.writer.flush();
    bar.stop();
    return { store, reports, skipped, broken };
  } catch (err) {
    await store.close();
    throw err;
  }
}
