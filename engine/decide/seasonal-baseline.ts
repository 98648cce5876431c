// What each cell should see at each hour of the week, learned online from closed hours and days.
// expected(cell, hour) = cityRate[hour-of-week] × share[cell]: the city's weekly shape is well
// estimated from thousands of calls, a cell's share from its own days, shrunk toward the profile's
// district weight × topic share while its history is thin (empirical Bayes).
import { ewmaStep, shrinkTowards } from '../stats/index.ts';
import type { Profile } from '../profile/city-profile.ts';

export interface BaselineOptions {
  /** Weight of a new week in an hour-of-week slot of the city rate. */
  readonly hourAlpha: number;
  /** Weight of a new day in a cell's share. */
  readonly shareAlpha: number;
  /** Days of history that weigh as much as the profile's prior share. */
  readonly priorDays: number;
  /**
   * In the first 2 × priorDays learned days, a day this many times above or below the city's expected day moves the
   * whole weekly rate halfway (in log) towards it: a profile whose volume is far off (a mailbox of 11 letters a day
   * under the default of 100 per district) is corrected in days, not the months the weekly slots take.
   */
  readonly rescaleBeyond: number;
}

/** What the baseline has learned: the city rate by hour of week, and each cell's share with its days behind it. */
export interface BaselineState {
  readonly cityRate: number[];
  readonly share: Array<[string, number, number]>;
}

const HOURS_OF_WEEK = 168;

/** Cap an observation so one surge cannot teach the baseline that surges are normal. */
export const winsorize = (x: number, expected: number): number =>
  Math.min(x, 1.5 * expected + 3 * Math.sqrt(expected) + 2);

export class SeasonalBaseline {
  /** Expected distinct callers per hour for the whole city, by hour of week. */
  private readonly cityRate: number[];
  private readonly priorShare = new Map<string, number>();
  /** Learned share per cell and the number of days behind it. */
  private readonly share = new Map<string, { value: number; days: number }>();
  /** topicShare() answers, valid until shares change. */
  private readonly topicShareCache = new Map<string, number>();
  private version = 0;

  /** `state`: what a baseline of the same profile had learned. */
  constructor(
    profile: Profile,
    private readonly options: BaselineOptions,
    state?: BaselineState,
  ) {
    const { dailyVolume, hourShape, weekdayFactors } = profile.data;
    const shapeSum = hourShape.reduce((a, b) => a + b, 0);
    this.cityRate = Array.from(
      { length: HOURS_OF_WEEK },
      (_, how) => (dailyVolume * weekdayFactors[Math.floor(how / 24)] * hourShape[how % 24]) / shapeSum,
    );
    const weightSum = profile.data.districts.reduce((a, d) => a + d.weight, 0);
    for (const d of profile.data.districts)
      for (const t of profile.data.topics) this.priorShare.set(`${d.code}.${t.code}`, (d.weight / weightSum) * t.share);
    if (!state) return;
    this.cityRate.splice(0, HOURS_OF_WEEK, ...state.cityRate);
    for (const [k, value, days] of state.share) this.share.set(k, { value, days });
  }

  /** Bumped whenever shares change (a learned day): callers may keep shareOf() answers until it moves. */
  get sharesVersion(): number {
    return this.version;
  }

  /** The cell's share of city intake: learned, shrunk toward the prior while days are few. */
  shareOf(cell: string): number {
    const prior = this.priorShare.get(cell) ?? 0;
    const s = this.share.get(cell);
    // The prior's weight fades as days accumulate: after a month it is a fifth, after a year negligible.
    return s ? shrinkTowards(s.value, s.days, prior, this.options.priorDays) : prior;
  }

  /** The profile's share for the cell (district weight × topic share), before any learning. */
  priorShareOf(cell: string): number {
    return this.priorShare.get(cell) ?? 0;
  }

  /** Share of city intake on one topic, all districts together. */
  topicShare(topic: string): number {
    let cached = this.topicShareCache.get(topic);
    if (cached === undefined) {
      cached = 0;
      for (const cell of this.priorShare.keys()) if (cell.endsWith(`.${topic}`)) cached += this.shareOf(cell);
      this.topicShareCache.set(topic, cached);
    }
    return cached;
  }

  /** Expected city-wide distinct callers in one hour of the week. */
  cityHourly(hourOfWeek: number): number {
    return this.cityRate[hourOfWeek];
  }

  /** Learn from one fully observed hour: the city's total distinct callers in it. */
  learnHour(hourOfWeek: number, cityCallers: number): void {
    const e = this.cityRate[hourOfWeek];
    this.cityRate[hourOfWeek] = ewmaStep(e, winsorize(cityCallers, e), this.options.hourAlpha);
  }

  /** Learn from one fully observed day: each cell's callers and the city total (cells absent had none). */
  learnDay(cellCallers: ReadonlyMap<string, number>, cityCallers: number): void {
    if (cityCallers <= 0) return;
    this.rescaleEarly(cityCallers);
    const expectedShare = new Map([...this.priorShare.keys()].map((cell) => [cell, this.shareOf(cell)]));
    this.topicShareCache.clear();
    this.version++;
    for (const cell of this.priorShare.keys()) {
      const expected = expectedShare.get(cell)! * cityCallers;
      const observed = winsorize(cellCallers.get(cell) ?? 0, expected) / cityCallers;
      const s = this.share.get(cell);
      if (s) {
        s.value = ewmaStep(s.value, observed, this.options.shareAlpha);
        s.days++;
      } else this.share.set(cell, { value: observed, days: 1 });
    }
  }

  /** See BaselineOptions.rescaleBeyond: against the mean day of the week, so a quiet Sunday does not count. */
  private rescaleEarly(cityCallers: number): void {
    const learned = this.share.values().next().value?.days ?? 0;
    if (learned >= 2 * this.options.priorDays) return;
    const meanDay = this.cityRate.reduce((a, b) => a + b, 0) / 7;
    const ratio = cityCallers / meanDay;
    const beyond = this.options.rescaleBeyond;
    if (ratio < beyond && ratio > 1 / beyond) return;
    const factor = Math.sqrt(ratio);
    for (let h = 0; h < HOURS_OF_WEEK; h++) this.cityRate[h] *= factor;
  }

  state(): BaselineState {
    return { cityRate: [...this.cityRate], share: [...this.share].map(([k, s]) => [k, s.value, s.days]) };
  }
}
