// The reference detectors (CDC EARS C3 on hourly distinct callers, per cell and per topic city-wide),
// selectable with `--detector ears` so users can compare the default against a published method.
import { earsC2, earsC3 } from '../stats/index.ts';
import type { Detection } from './alert-book.ts';
import {
  citywideKey,
  surgeKey,
  type DecisionContext,
  type DetectorSuite,
  type DetectorSuiteState,
} from './decision-context.ts';

const HISTORY = 9;

/** A cell's or topic's recent hourly counts and C2 statistics. */
export interface EarsSeries {
  hourly: number[];
  c2: number[];
}

export class EarsSuite implements DetectorSuite {
  private readonly series: Map<string, EarsSeries>;

  /** `state`: the series of an EarsSuite, by key. */
  constructor(state: Array<[string, EarsSeries]> = []) {
    this.series = new Map(state);
  }

  onMinute(): void {}

  onHourClosed(ctx: DecisionContext, _hourOfWeek: number): void {
    const topicTotals = new Map<string, number>();
    for (const cell of ctx.state.cellList) {
      const n = cell.hourCallers;
      topicTotals.set(cell.topic, (topicTotals.get(cell.topic) ?? 0) + n);
      const c3 = this.step(cell.key, n, ctx.options.earsMinSd);
      this.decide(ctx, surgeKey(cell.key), c3, () => {
        cell.rolling.advance(ctx.minute);
        return this.detection('surge', cell.district, cell.topic, cell.key, c3, () => cell.rolling.reportIds(180));
      });
    }
    for (const [topic, n] of topicTotals) {
      const key = `topic.${topic}`;
      const c3 = this.step(key, n, ctx.options.earsMinSd);
      this.decide(ctx, citywideKey(topic), c3, () => this.detection('citywide', null, topic, key, c3, () => []));
    }
  }

  private step(key: string, count: number, minSd: number): number {
    let s = this.series.get(key);
    if (!s) this.series.set(key, (s = { hourly: [], c2: [] }));
    s.c2 = [...s.c2, earsC2(s.hourly, count, minSd)].slice(-3);
    s.hourly = [...s.hourly, count].slice(-HISTORY);
    return earsC3(s.c2);
  }

  private detection(
    kind: 'surge' | 'citywide',
    district: string | null,
    topic: string,
    key: string,
    c3: number,
    reportIds: () => readonly string[],
  ): Detection {
    const s = this.series.get(key)!;
    const last3 = s.hourly.slice(-3).reduce((a, b) => a + b, 0);
    const base = s.hourly.slice(0, -3);
    const expected = base.length ? (3 * base.reduce((a, b) => a + b, 0)) / base.length : 0;
    return {
      kind,
      district,
      topic,
      windowMinutes: 180,
      count: last3,
      distinctCallers: last3,
      expected,
      score: c3,
      detector: 'ears-c3',
      detail: `按小时计数 EARS C3 ${c3.toFixed(1)}`,
      reportIds,
    };
  }

  private decide(ctx: DecisionContext, key: string, c3: number, describe: () => Detection): void {
    const alarm = c3 >= ctx.options.earsThreshold;
    if (ctx.book.has(key)) {
      ctx.emit(alarm ? ctx.book.grow(key, describe(), ctx.at) : ctx.book.quiet(key, ctx.at));
      return;
    }
    if (!alarm) return;
    const d = describe();
    if (d.distinctCallers >= ctx.options.minCallers) ctx.emit(ctx.book.open(key, d, ctx.at));
  }

  /** EARS reads hours only: the reference has no day-scale windows. */
  onDayClosed(): void {}

  state(): DetectorSuiteState {
    return { detector: 'ears', series: [...this.series] };
  }
}
