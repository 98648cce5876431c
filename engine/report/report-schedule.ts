// Generates and archives each day's morning report shortly after the day ends (00:05 local by default), so the
// leadership finds it in the morning. "Now" is the wall clock live, or the newest stored report time in a replay or
// demo, where days pass faster than the machine's.
import type { Logger } from '../log.ts';
import type { CityClock } from '../time/event-time.ts';
import { localTimeOn } from '../generate/feed-calendar.ts';
import { addDays } from './report-days.ts';

const AT = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after local midnight of an HH:MM time, or a RangeError naming what was given. */
export function minutesOfDay(at: string): number {
  const m = AT.exec(at);
  if (!m) throw new RangeError(`expected a local time HH:MM (00:00–23:59), got ${JSON.stringify(at)}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/**
 * The newest local day whose report is due at `now`: the day before the latest `at` (minutes after midnight)
 * that has passed. At 00:04 on the 3rd with at = 00:05 that is the 1st; at 00:05 it is the 2nd.
 */
export function dueDay(now: number, clock: CityClock, at: number): string {
  const today = clock.localDay(now);
  const runToday = localTimeOn(today, at, clock);
  return addDays(today, now >= runToday ? -1 : -2);
}

export interface ReportScheduleOptions {
  readonly clock: CityClock;
  /** Minutes after local midnight (minutesOfDay('00:05')). */
  readonly at: number;
  /** Epoch ms now, or null while unknown (an empty store in a replay). */
  readonly now: () => Promise<number | null> | number | null;
  /** Whether the day's report is already archived (a restart does not make it twice). */
  readonly archived: (day: string) => Promise<boolean>;
  /** Generate and archive the day's report; `now` is the time the check read. */
  readonly generate: (day: string, now: number) => Promise<void>;
  readonly log: Logger;
  /** How often the clock is looked at (default 15 s: a report is due within a minute of its time). */
  readonly everyMs?: number;
}

/** Looks at the clock every `everyMs` and generates the due day's report once. */
export class ReportSchedule {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private done: string | null = null;

  constructor(private readonly options: ReportScheduleOptions) {}

  start(): void {
    this.timer ??= setInterval(() => void this.check(), this.options.everyMs ?? 15_000);
  }

  /** Stop looking, and wait for a report being generated. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Generate the due day's report unless it is archived; resolves with the day generated, else null. */
  async check(): Promise<string | null> {
    if (this.running) return null;
    let generated: string | null = null;
    this.running = (async () => {
      const now = await this.options.now();
      if (now === null) return;
      const day = dueDay(now, this.options.clock, this.options.at);
      if (day === this.done) return;
      if (!(await this.options.archived(day))) {
        const started = Date.now();
        await this.options.generate(day, now);
        generated = day;
        this.options.log.info({ day, ms: Date.now() - started }, `morning report of ${day} generated and archived`);
      }
      this.done = day;
    })()
      .catch((err: Error) =>
        this.options.log.error({ err }, `morning report: generation failed, retried at the next check: ${err.message}`),
      )
      .finally(() => {
        this.running = null;
      });
    await this.running;
    return generated;
  }
}
