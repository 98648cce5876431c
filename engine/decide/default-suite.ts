// The default detectors: a negative-binomial window test on distinct callers with Benjamini–Hochberg
// across every cell and window of the minute, day-scale windows for quiet cells when a day closes, a slow-rise
// CUSUM on closed hours, the citywide test and the district-wide test. A cell is read against its district's other
// topics, so a district-wide busy day does not open a surge on each of its topics, but one district alert.
import { benjaminiHochberg, excessRatio } from '../stats/index.ts';
import type { Detection } from './alert-book.ts';
import { formatP } from './alert-text.ts';
import type { CellState } from './city-state.ts';
import { cityTotals, citywideGates, testCitywide, type CityTotals } from './citywide-test.ts';
import { districtWideGates, testDistrictWide } from './district-wide-test.ts';
import { DayWindows, type DayWindow } from './day-windows.ts';
import type { DeciderOptions } from './decider-options.ts';
import {
  DAYS_PREFIX,
  SURGE_PREFIX,
  cellExpected,
  daysKey,
  cellShare,
  citywideKey,
  districtWideKey,
  type DecisionContext,
  type DetectorSuite,
  type DetectorSuiteState,
} from './decision-context.ts';
import { SlowRise, type SlowRiseFinding } from './slow-rise.ts';
import { windowExpectation } from './window-expectation.ts';
import { mostSurprising, passesGates, testWindow, type WindowResult } from './window-test.ts';

type Prefilter = (distinctCallers: number, expected: number, o: DecisionContext['options']) => boolean;

const NONE: readonly WindowResult[] = [];

/**
 * How far the district's other topics run above their expectation in window `i`: a district-wide busy spell
 * scales each cell's expectation, as the citywide test reads a topic against the other topics.
 */
function districtFactor(ctx: DecisionContext, cell: CellState, i: number): number {
  let observed = 0;
  let expected = 0;
  for (const other of ctx.state.ofDistrict.get(cell.district)!) {
    if (other === cell) continue;
    other.rolling.advance(ctx.minute);
    observed += other.rolling.distinctIn(i);
    expected += cellExpected(ctx, other, i);
  }
  const d = ctx.options.district;
  return excessRatio(observed, expected, d.pseudoCount, d.minRatio);
}

/**
 * The windows of a cell that pass `keep`, tested against the baseline scaled by any citywide rise of
 * the topic and any district-wide rise of the other topics. The cheap prefilter runs first, so the district
 * and the tail probability are computed only where it matters.
 */
function measure(ctx: DecisionContext, cell: CellState, keep: Prefilter): readonly WindowResult[] {
  cell.rolling.advance(ctx.minute);
  let out: WindowResult[] | null = null;
  for (let i = 0; i < ctx.options.windows.length; i++) {
    const callers = cell.rolling.distinctIn(i);
    let expected = cellExpected(ctx, cell, i);
    if (!keep(callers, expected, ctx.options)) continue;
    expected *= districtFactor(ctx, cell, i);
    if (keep(callers, expected, ctx.options))
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
const stillAbove: Prefilter = (callers, expected, o) => callers >= o.followRatio * expected && callers >= 2;

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

/** The slow rise's key for a district's hours (a cell key always holds a dot, this never does). */
const districtGroup = (district: string): string => `@${district}`;

/** A day-scale window of a quiet cell as a detection: days in the detail, the window in minutes. */
function dayDetection(cell: CellState, w: DayWindow, expected: number, pValue: number): Detection {
  return {
    kind: 'surge',
    district: cell.district,
    topic: cell.topic,
    windowMinutes: w.days * 1440,
    count: w.reports,
    distinctCallers: w.distinctCallers,
    expected,
    pValue,
    score: -Math.log10(Math.max(pValue, 1e-300)),
    detector: 'window-nb-days',
    detail: `${w.days}天窗口，p=${formatP(pValue)}`,
    reportIds: w.reportIds,
    idExtra: 'days',
  };
}

/** A group's episode (citywide, district-wide) opens on a finding, grows with the next, and quiets without one. */
function follow(ctx: DecisionContext, key: string, d: Detection | null): void {
  if (!ctx.book.has(key)) {
    if (d) ctx.emit(ctx.book.open(key, d, ctx.at));
  } else if (d) ctx.emit(ctx.book.grow(key, d, ctx.at));
  else ctx.emit(ctx.book.quiet(key, ctx.at));
}

export class DefaultSuite implements DetectorSuite {
  private readonly slowRise: SlowRise;
  private readonly days: DayWindows;

  /** Citywide alert keys by topic, built once: the citywide pass asks for every topic every few minutes. */
  private readonly citywideKeys = new Map<string, string>();
  /** The same for district alerts by district. */
  private readonly districtWideKeys = new Map<string, string>();

  constructor(options: DeciderOptions, state?: Extract<DetectorSuiteState, { detector: 'default' }>) {
    this.slowRise = new SlowRise(options.slowRise, state?.slowRise, options.district);
    this.days = new DayWindows(options.days.windows, options.days.maxPerDay, options.days.priorCallers, state?.days);
  }

  private citywideKeyOf(topic: string): string {
    let key = this.citywideKeys.get(topic);
    if (key === undefined) this.citywideKeys.set(topic, (key = citywideKey(topic)));
    return key;
  }

  private districtWideKeyOf(district: string): string {
    let key = this.districtWideKeys.get(district);
    if (key === undefined) this.districtWideKeys.set(district, (key = districtWideKey(district)));
    return key;
  }

  onMinute(ctx: DecisionContext, touched: readonly CellState[]): void {
    const o = ctx.options;
    const citywide = (ctx.minute + 1) % o.citywideEveryMinutes === 0;
    const districtWide = (ctx.minute + 1) % o.districtWide.everyMinutes === 0;
    if (citywide || districtWide) {
      const city = cityTotals(ctx);
      if (citywide) this.citywide(ctx, city);
      if (districtWide) this.districtWide(ctx, city);
    }
    this.openSurges(ctx, touched);
    this.followSurges(ctx);
    if (this.days.cells.size === 0) return;
    for (const cell of touched) {
      const latest = this.days.cells.has(cell.key) ? cell.rolling.latest(ctx.minute) : null;
      if (latest) this.days.note(cell.key, latest);
    }
    if (ctx.book.size === 0) return;
    for (const key of ctx.book.keys())
      if (key.startsWith(SURGE_PREFIX)) this.days.cover(key.slice(SURGE_PREFIX.length));
  }

  /**
   * A closed day: quiet cells' day-scale windows against their long-run share, scaled by their
   * district's other topics; open episodes follow or resolve, new ones open under BH over every cell × day window.
   */
  onDayClosed(ctx: DecisionContext, full: boolean): void {
    if (!full) return;
    const o = ctx.options;
    const cityDay = windowExpectation(ctx.clock, ctx.minute, 1440, (h) => ctx.baseline.cityHourly(h));
    let week = 0;
    for (let h = 0; h < 168; h++) week += ctx.baseline.cityHourly(h);
    const meanDay = week / 7;
    this.days.closeDay(
      cityDay,
      meanDay,
      ctx.state.cellList.map((cell) => ({
        key: cell.key,
        district: cell.district,
        topic: cell.topic,
        callers: ctx.state.dayCallers.get(cell.key) ?? 0,
        prior: ctx.baseline.priorShareOf(cell.key),
        share: cellShare(ctx.baseline, cell),
      })),
    );
    const candidates: Array<{ cell: CellState; d: Detection }> = [];
    for (const key of this.days.cells.keys()) {
      const cell = ctx.state.cells.get(key)!;
      const open = ctx.book.has(daysKey(key));
      let best: Detection | null = null;
      for (const days of o.days.windows) {
        const w = this.days.window(key, cell.district, cell.topic, days, ctx.baseline.priorShareOf(key));
        if (w === null || (w.covered && !open)) continue;
        const d = o.district;
        const expected =
          w.expected *
          Math.max(
            excessRatio(w.othersObserved, w.othersExpected, d.pseudoCount, d.minRatio),
            excessRatio(w.elsewhereObserved, w.elsewhereExpected, d.pseudoCount, d.minRatio),
          );
        const gates = open ? stillAbove : passesGates;
        if (!gates(w.distinctCallers, expected, o)) continue;
        const p = testWindow(
          { minutes: days * 1440, distinctCallers: w.distinctCallers, reports: 0 },
          expected,
          o.dispersion,
        ).pValue;
        if (open && p > o.followP) continue;
        if (!best || p < best.pValue!) best = dayDetection(cell, w, expected, p);
      }
      if (open) {
        const k = daysKey(key);
        ctx.emit(best ? ctx.book.grow(k, best, ctx.at) : ctx.book.quiet(k, ctx.at, (o.days.quietDays - 1) * 1440));
      } else if (best) candidates.push({ cell, d: best });
    }
    // Days with no quiet cell left resolve whatever the book still holds of them.
    for (const k of ctx.book.keys())
      if (k.startsWith(DAYS_PREFIX) && !this.days.cells.has(k.slice(DAYS_PREFIX.length)))
        ctx.emit(ctx.book.quiet(k, ctx.at, 0));
    if (candidates.length === 0) return;
    const family = ctx.state.cells.size * o.days.windows.length;
    for (const i of benjaminiHochberg(
      candidates.map((c) => c.d.pValue!),
      o.fdr,
      family,
    ))
      ctx.emit(ctx.book.open(daysKey(candidates[i].cell.key), candidates[i].d, ctx.at));
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
      const live = measure(ctx, cell, stillAbove).filter((w) => w.pValue <= ctx.options.followP);
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
  private citywide(ctx: DecisionContext, city: CityTotals): void {
    const gates = citywideGates(ctx.options);
    for (const { topic, cells } of ctx.state.byTopic)
      follow(ctx, this.citywideKeyOf(topic), testCitywide(ctx, topic, cells, city, gates));
  }

  /** Every district, every few minutes: a busy day lasts hours, and its cells are already read against it. */
  private districtWide(ctx: DecisionContext, city: CityTotals): void {
    const opening = districtWideGates(ctx.options.districtWide, null);
    const following = districtWideGates(ctx.options.districtWide, ctx.options);
    for (const [district, cells] of ctx.state.ofDistrict) {
      const key = this.districtWideKeyOf(district);
      const gates = ctx.book.has(key) ? following : opening;
      follow(ctx, key, testDistrictWide(ctx, district, cells, city, gates));
    }
  }

  /** Each cell's hour against the baseline; a span the CUSUM calls is read against its district's other topics. */
  onHourClosed(ctx: DecisionContext, hourOfWeek: number): void {
    const cityHour = ctx.baseline.cityHourly(hourOfWeek);
    const expectedOf = (cell: CellState) => ctx.topicFactor(cell.topic) * cellShare(ctx.baseline, cell) * cityHour;
    for (const [district, cells] of ctx.state.ofDistrict) {
      let observed = 0;
      let expected = 0;
      for (const cell of cells) {
        observed += cell.hourCallers;
        expected += expectedOf(cell);
      }
      this.slowRise.note(districtGroup(district), observed, expected);
    }
    for (const cell of ctx.state.cellList) {
      const found = this.slowRise.step(cell.key, cell.hourCallers, expectedOf(cell), districtGroup(cell.district));
      if (found === null || ctx.book.has(cell.surgeKey)) continue;
      // Its report ids are the trailing window's as of this minute, whichever test last moved the cell's windows.
      cell.rolling.advance(ctx.minute);
      ctx.emit(ctx.book.open(cell.surgeKey, slowRiseDetection(cell, found), ctx.at));
    }
  }

  state(): DetectorSuiteState {
    return { detector: 'default', slowRise: this.slowRise.state(), days: this.days.state() };
  }
}
