// The default detectors: a negative-binomial window test on distinct callers with Benjamini–Hochberg
// across every cell and window of the minute, a slow-rise CUSUM on closed hours, and the citywide test.
import { benjaminiHochberg } from '../stats/index.ts';
import type { Detection } from './alert-book.ts';
import { formatP } from './alert-text.ts';
import type { CellState } from './city-state.ts';
import { cityTotals, testCitywide } from './citywide-test.ts';
import {
  SURGE_PREFIX,
  cellExpected,
  cellShare,
  citywideKey,
  type DecisionContext,
  type DetectorSuite,
  type DetectorSuiteState,
} from './decision-context.ts';
import { SlowRise, type SlowRiseFinding, type SlowRiseOptions, type SlowRiseState } from './slow-rise.ts';
import { mostSurprising, passesGates, testWindow, type WindowResult } from './window-test.ts';

type Prefilter = (distinctCallers: number, expected: number, o: DecisionContext['options']) => boolean;

const NONE: readonly WindowResult[] = [];

/**
 * The windows of a cell that pass `keep`, tested against the baseline scaled by any citywide rise of
 * the topic. The cheap prefilter runs first, so the tail probability is computed only where it matters.
 */
function measure(ctx: DecisionContext, cell: CellState, keep: Prefilter): readonly WindowResult[] {
  cell.rolling.advance(ctx.minute);
  let out: WindowResult[] | null = null;
  for (let i = 0; i < ctx.options.windows.length; i++) {
    const expected = cellExpected(ctx, cell, i);
    if (keep(cell.rolling.distinctIn(i), expected, ctx.options))
      (out ??= []).push(testWindow(cell.rolling.count(i), expected, ctx.options.dispersion));
  }
  return out ?? NONE;
}

function detection(cell: CellState, w: WindowResult, detector: string, detail: string, score: number): Detection {
  return {
    kind: 'surge',
    district: cell.district,
    topic: cell.topic,
    windowMinutes: w.minutes,
    count: w.reports,
    distinctCallers: w.distinctCallers,
    expected: w.expected,
    pValue: w.pValue,
    score,
    detector,
    detail,
    reportIds: () => cell.rolling.reportIds(w.minutes),
  };
}

/** Weaker than the opening test on purpose: an episode stays open until the cell is back near normal. */
const stillAbove: Prefilter = (callers, expected) => callers >= 1.5 * expected && callers >= 2;

const windowDetection = (cell: CellState, w: WindowResult) =>
  detection(cell, w, 'window-nb', `p=${formatP(w.pValue)}`, -Math.log10(Math.max(w.pValue, 1e-300)));

/** A slow rise reads over the hours of its span, not over a fixed window. */
function slowRiseDetection(cell: CellState, f: SlowRiseFinding): Detection {
  const longest = Math.max(...cell.rolling.windowMinutes);
  return {
    kind: 'surge',
    district: cell.district,
    topic: cell.topic,
    windowMinutes: f.hours * 60,
    count: f.observed,
    distinctCallers: f.observed,
    expected: f.expected,
    pValue: f.pValue,
    score: f.statistic,
    detector: 'slow-rise',
    detail: `持续上升${f.hours}小时，CUSUM ${f.statistic.toFixed(1)}，p=${formatP(f.pValue)}`,
    reportIds: () => cell.rolling.reportIds(longest),
  };
}

export class DefaultSuite implements DetectorSuite {
  private readonly slowRise: SlowRise;

  /** Citywide alert keys by topic, built once: the citywide pass asks for every topic every few minutes. */
  private readonly citywideKeys = new Map<string, string>();

  constructor(options: SlowRiseOptions, state?: SlowRiseState) {
    this.slowRise = new SlowRise(options, state);
  }

  private citywideKeyOf(topic: string): string {
    let key = this.citywideKeys.get(topic);
    if (key === undefined) this.citywideKeys.set(topic, (key = citywideKey(topic)));
    return key;
  }

  onMinute(ctx: DecisionContext, touched: readonly CellState[]): void {
    if ((ctx.minute + 1) % ctx.options.citywideEveryMinutes === 0) this.citywide(ctx);
    this.openSurges(ctx, touched);
    this.followSurges(ctx);
  }

  /** New surges: gated candidates of cells without an open episode, then BH over the whole family. */
  private openSurges(ctx: DecisionContext, cells: readonly CellState[]): void {
    if (cells.length === 0) return;
    const o = ctx.options;
    let candidates: Array<{ cell: CellState; w: WindowResult }> | null = null;
    for (const cell of cells) {
      if (ctx.book.has(cell.surgeKey)) continue;
      for (const w of measure(ctx, cell, passesGates)) (candidates ??= []).push({ cell, w });
    }
    if (candidates === null) return;
    const family = ctx.state.cells.size * o.windows.length;
    const gated = candidates;
    const rejected = benjaminiHochberg(
      gated.map((c) => c.w.pValue),
      o.fdr,
      family,
    ).map((i) => gated[i]);
    const byCell = new Map<CellState, WindowResult[]>();
    for (const { cell, w } of rejected) byCell.set(cell, [...(byCell.get(cell) ?? []), w]);
    for (const [cell, ws] of byCell)
      ctx.emit(ctx.book.open(cell.surgeKey, windowDetection(cell, mostSurprising(ws)), ctx.at));
  }

  /** Open surges grow while any window stays above normal, and resolve after a quiet spell. */
  private followSurges(ctx: DecisionContext): void {
    if (ctx.book.size === 0) return;
    for (const key of ctx.book.keys()) {
      if (!key.startsWith(SURGE_PREFIX)) continue;
      const cell = ctx.state.cells.get(key.slice(SURGE_PREFIX.length))!;
      const live = measure(ctx, cell, stillAbove).filter((w) => w.pValue < 0.05);
      if (live.length === 0) {
        const resolved = ctx.book.quiet(key, ctx.at);
        if (resolved) this.slowRise.reset(cell.key);
        ctx.emit(resolved);
        continue;
      }
      const widest = live.reduce((a, w) => (w.distinctCallers > a.distinctCallers ? w : a));
      ctx.emit(ctx.book.grow(key, windowDetection(cell, widest), ctx.at));
    }
  }

  /** Every topic, every few minutes: a policy shock lasts hours, so a short cadence loses nothing. */
  private citywide(ctx: DecisionContext): void {
    const city = cityTotals(ctx);
    for (const { topic, cells } of ctx.state.byTopic) {
      const key = this.citywideKeyOf(topic);
      const d = testCitywide(ctx, topic, cells, city);
      if (!ctx.book.has(key)) {
        if (d) ctx.emit(ctx.book.open(key, d, ctx.at));
      } else if (d) ctx.emit(ctx.book.grow(key, d, ctx.at));
      else ctx.emit(ctx.book.quiet(key, ctx.at));
    }
  }

  onHourClosed(ctx: DecisionContext, hourOfWeek: number): void {
    const cityHour = ctx.baseline.cityHourly(hourOfWeek);
    for (const cell of ctx.state.cellList) {
      const expected = ctx.topicFactor(cell.topic) * cellShare(ctx.baseline, cell) * cityHour;
      const found = this.slowRise.step(cell.key, cell.hourCallers, expected);
      if (found === null || ctx.book.has(cell.surgeKey)) continue;
      ctx.emit(ctx.book.open(cell.surgeKey, slowRiseDetection(cell, found), ctx.at));
    }
  }

  state(): DetectorSuiteState {
    return { detector: 'default', slowRise: this.slowRise.state() };
  }
}
