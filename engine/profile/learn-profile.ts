// What a city's history says about its profile (`lizheng profile init`): hour shape, weekday factors, daily volume,
// channels and district and topic shares, counted from settled reports, so a new city starts from its own figures.
import type { CityClock } from '../time/event-time.ts';

/** One report as the learner counts it: when, through which channel, and where and about what if settled. */
export interface LearnedReport {
  readonly t: number;
  readonly channel: string | null;
  readonly district: string | null;
  /** Several topics: a city's label that covers them all (城乡建设), the report counted 1/n to each. */
  readonly topic: string | readonly string[] | null;
}

/** The learned fields of a profile; shares and weights are keyed by whatever district and topic keys were counted. */
export interface LearnedFigures {
  readonly reports: number;
  /** Whole local days the figures are averaged over (the first and last day of a longer history are partial). */
  readonly days: number;
  readonly dailyVolume: number;
  readonly hourShape: number[];
  readonly weekdayFactors: number[];
  /** Channels seen, most used first. */
  readonly channels: string[];
  /** Relative weight per district key (percent of placed reports, add-one smoothed: never 0). */
  readonly districtWeights: Map<string, number>;
  /** Share per topic key (add-one smoothed, summing to 1). */
  readonly topicShares: Map<string, number>;
}

/** Significant figures of a learned number: enough to read, few enough to diff. */
const figures = (x: number, digits = 3): number => Number(x.toPrecision(digits));

/** Counts reports one by one; `figures()` turns them into a profile's fields. */
export class ProfileLearner {
  private readonly hours = new Array<number>(24).fill(0);
  private readonly perDay = new Map<string, number>();
  private readonly channels = new Map<string, number>();
  private readonly districts = new Map<string, number>();
  private readonly topics = new Map<string, number>();
  private reports = 0;

  constructor(private readonly clock: CityClock) {}

  add(report: LearnedReport): void {
    this.reports++;
    this.hours[this.clock.hourOfWeek(report.t) % 24]++;
    const day = this.clock.localDay(report.t);
    this.perDay.set(day, (this.perDay.get(day) ?? 0) + 1);
    if (report.channel) this.channels.set(report.channel, (this.channels.get(report.channel) ?? 0) + 1);
    if (report.district) this.districts.set(report.district, (this.districts.get(report.district) ?? 0) + 1);
    const topics = typeof report.topic === 'string' ? [report.topic] : (report.topic ?? []);
    for (const topic of topics) this.topics.set(topic, (this.topics.get(topic) ?? 0) + 1 / topics.length);
  }

  /** The figures, with every district and topic key in `districtKeys`/`topicKeys` present (unseen ones smoothed). */
  figures(districtKeys: readonly string[], topicKeys: readonly string[]): LearnedFigures {
    const { dailyVolume, weekdayFactors, days } = this.weekdays();
    const placed = sum([...this.districts.values()]);
    const sorted = sum([...this.topics.values()]);
    return {
      reports: this.reports,
      days,
      dailyVolume,
      hourShape: smoothHours(this.hours),
      weekdayFactors,
      channels: [...this.channels].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c]) => c),
      districtWeights: new Map(
        districtKeys.map((k) => [
          k,
          figures((100 * ((this.districts.get(k) ?? 0) + 1)) / (placed + districtKeys.length)),
        ]),
      ),
      topicShares: new Map(
        topicKeys.map((k) => [k, figures(((this.topics.get(k) ?? 0) + 1) / (sorted + topicKeys.length))]),
      ),
    };
  }

  /** District and topic keys in the order first counted (for a profile built from the feed's own values). */
  seenKeys(): { districts: string[]; topics: string[] } {
    return { districts: [...this.districts.keys()], topics: [...this.topics.keys()] };
  }

  /**
   * Mean reports per weekday over every local day from the first to the last (days without a report count as 0),
   * leaving out the first and last when there are more than two: a history rarely starts or ends at midnight.
   * Factors are relative to the Monday–Friday mean, which is the daily volume; a weekday never seen gets 1.
   */
  private weekdays(): { dailyVolume: number; weekdayFactors: number[]; days: number } {
    const daysSeen = [...this.perDay.keys()].sort();
    let all = daysSeen.length === 0 ? [] : dayRange(daysSeen[0], daysSeen[daysSeen.length - 1]);
    if (all.length > 2) all = all.slice(1, -1);
    const totals = new Array<number>(7).fill(0);
    const counts = new Array<number>(7).fill(0);
    for (const day of all) {
      const w = weekdayOf(day);
      totals[w] += this.perDay.get(day) ?? 0;
      counts[w]++;
    }
    const means = totals.map((t, w) => (counts[w] > 0 ? t / counts[w] : null));
    const workdays = means.slice(0, 5).filter((m): m is number => m !== null);
    const anyDays = means.filter((m): m is number => m !== null);
    const base = workdays.length > 0 ? sum(workdays) / workdays.length : sum(anyDays) / Math.max(1, anyDays.length);
    return {
      dailyVolume: Math.max(1, Math.round(base)),
      weekdayFactors: means.map((m) => (m === null || base === 0 ? 1 : figures(m / base, 2))),
      days: all.length,
    };
  }
}

/** Hour counts smoothed around the clock (¼, ½, ¼ of the hour before, itself, after), as factors of the mean hour. */
function smoothHours(hours: readonly number[]): number[] {
  const smooth = hours.map((h, i) => (hours[(i + 23) % 24] + 2 * h + hours[(i + 1) % 24]) / 4);
  const mean = sum(smooth) / 24;
  return smooth.map((h) => (mean === 0 ? 1 : figures(h / mean, 2)));
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** Monday = 0 … Sunday = 6 for a YYYY-MM-DD day. */
function weekdayOf(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

/** Every YYYY-MM-DD from `first` to `last`, both included. */
function dayRange(first: string, last: string): string[] {
  const days: string[] = [];
  const [y, m, d] = first.split('-').map(Number);
  for (let t = Date.UTC(y, m - 1, d); ; t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    days.push(day);
    if (day >= last) return days;
  }
}
