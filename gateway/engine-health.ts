// The engine as the gateway sees it: the readiness reports its processes write to the lizheng_health bucket
// (lag, checkpoint age, watermark), kept current by a KV watch. /ready, the `engine` socket event and the feed
// clock of a replay or demo all read this one view.
import type { KV } from '@nats-io/kv';
import type { ReadinessReport } from '../engine/stream/readiness.ts';
import type { FeedClock } from './gateway-context.ts';

export class EngineHealth {
  private readonly reports = new Map<string, ReadinessReport>();
  private readonly listeners = new Set<(reports: readonly ReadinessReport[]) => void>();
  private stopWatch: (() => void) | null = null;
  /** The newest event time ever reached: kept as reports and minutes arrive, so the clock reads it for free. */
  private newest: number | null = null;

  /** Start following the bucket; resolves once the current entries are read. */
  static async follow(bucket: KV): Promise<EngineHealth> {
    const health = new EngineHealth();
    const watch = await bucket.watch();
    health.stopWatch = () => watch.stop();
    void (async () => {
      for await (const entry of watch) {
        if (entry.operation !== 'PUT') health.reports.delete(entry.key);
        else {
          let report: ReadinessReport;
          try {
            report = entry.json<ReadinessReport>();
          } catch {
            continue; // not a report: some other writer's entry, ignored
          }
          health.reports.set(entry.key, report);
          if (typeof report.watermark === 'string') health.reached(Date.parse(report.watermark));
        }
        // A listener's failure must not end the watch: the clock and /ready would freeze on this entry.
        for (const listener of health.listeners) {
          try {
            listener(health.current());
          } catch {}
        }
      }
    })();
    return health;
  }

  /** Every engine process's latest report (entries expire a minute after a process stops writing). */
  current(): ReadinessReport[] {
    return [...this.reports.values()];
  }

  /**
   * The newest event time any engine process has reached, epoch ms; null before one reported. It never goes back:
   * an engine that restarts (watermark null until its first report) or whose entry expired keeps the clock where it was.
   */
  watermark(): number | null {
    return this.newest;
  }

  /** Called with every change; returns the function that stops the calls. */
  onChange(listener: (reports: readonly ReadinessReport[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * An event time the engine has reached: a report's watermark, or the end of a closed minute read from SERIES.
   * Reports come every few seconds; a replay at full speed closes days of minutes in between, and a clock left
   * behind them would drop them from the day's window as too old.
   */
  reached(t: number): void {
    if (Number.isFinite(t) && (this.newest === null || t > this.newest)) this.newest = t;
  }

  /** The feed's clock: the engine's event time once it has one, the wall clock until then. */
  eventClock(): FeedClock {
    return { kind: 'event', now: () => this.watermark() ?? Date.now() };
  }

  stop(): void {
    this.stopWatch?.();
    this.listeners.clear();
  }
}
