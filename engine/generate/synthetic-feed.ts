// The synthetic intake feed, day by day: everyday reports (negative-binomial counts) plus planned injections.
import type { IntakeReport } from '../../schemas/intake-report.ts';
import type { Profile } from '../profile/city-profile.ts';
import { CityClock, HOUR_MS } from '../time/event-time.ts';
import { ArrivalOrder, arrivalDelay, type Arrival } from './arrival-order.ts';
import { CallerIds } from './caller-ids.ts';
import { CellRates } from './cell-rates.ts';
import { feedDays, type FeedDay } from './feed-calendar.ts';
import { drawReportStyle, secondIn, type FeedEvent } from './feed-event.ts';
import type { Injection, InjectionContext } from './injections.ts';
import { IntakeForm } from './intake-form.ts';
import { PlaceCatalog } from './place-catalog.ts';
import { RandomStream } from './random-stream.ts';
import { idPrefix, reportId } from './report-ids.ts';
import { ReportTexts } from './report-text.ts';
import { firstInjectionDay, planInjections } from './surge-plan.ts';
import { loadLexicon } from './zh-lexicon.ts';

export interface FeedOptions {
  readonly profile: Profile;
  readonly seed: string;
  readonly days: number;
  /** First local date, YYYY-MM-DD. */
  readonly start: string;
  /** false: everyday reports only, no surges and no decoys. */
  readonly surges: boolean;
}

/** Day-to-day swing of the whole city's volume (gamma shape; CV = 1/√shape ≈ 0.1). */
const CITY_DAY_SHAPE = 100;
/**
 * Extra swing of one cell on one day (gamma shape 50, CV ≈ 0.14): counts are negative-binomial, a busy cell's
 * variance about twice its mean. Much wider and ordinary days would reach 2× by chance, where a slow burn starts.
 */
const CELL_DAY_SHAPE = 50;

/** One day's reports in arrival order. */
export interface FeedBatch {
  readonly day: FeedDay;
  readonly reports: readonly IntakeReport[];
}

/** A deterministic synthetic feed: the same options always give the same reports, ids and injections. */
export class SyntheticFeed {
  readonly clock: CityClock;
  readonly days: readonly FeedDay[];
  readonly rates: CellRates;
  readonly injections: readonly Injection[];
  /** Report ids of each injection, filled while the batches are produced. */
  readonly idsByInjection = new Map<string, string[]>();
  private readonly ctx: InjectionContext;
  private readonly form: IntakeForm;
  private readonly prefix: string;

  constructor(readonly options: FeedOptions) {
    const { profile, seed } = options;
    this.clock = new CityClock(profile.timezone);
    this.days = feedDays(options.start, options.days, this.clock);
    this.rates = new CellRates(profile, this.clock);
    const lexicon = loadLexicon();
    const texts = new ReportTexts(profile, lexicon, new PlaceCatalog(lexicon, seed));
    this.ctx = { rates: this.rates, texts, callers: new CallerIds(seed), clock: this.clock };
    this.form = new IntakeForm(profile, this.clock);
    this.prefix = idPrefix(profile.data.code);
    this.injections = options.surges ? planInjections(seed, this.days, this.ctx) : [];
    for (const inj of this.injections) this.idsByInjection.set(inj.id, []);
  }

  /** Local midnight that starts injections (the end of warm-up). */
  get injectFrom(): number {
    const first = firstInjectionDay(this.days.length);
    return first < this.days.length ? this.days[first].start : this.days[this.days.length - 1].end;
  }

  /** The feed one day at a time, in arrival order; reports arriving after midnight move to the next batch. */
  *batches(): Generator<FeedBatch> {
    const order = new ArrivalOrder<IntakeReport>();
    const injected = this.injectedByDay();
    let seq = 0;
    for (const day of this.days) {
      const rng = new RandomStream(this.options.seed, `day/${day.index}`);
      const events = this.everyday(rng, day).concat(injected.get(day.index) ?? []);
      const arrivals: Arrival<IntakeReport>[] = stableByTime(events).map((event, i) => {
        const id = reportId(this.prefix, day.date, i + 1);
        if (event.tag) this.idsByInjection.get(event.tag)!.push(id);
        return {
          t: event.t,
          arrival: event.t + arrivalDelay(() => rng.uniform()),
          seq: seq++,
          item: this.form.write(rng, event, id),
        };
      });
      const released = order.release(arrivals, day.end);
      const last = day.index === this.days.length - 1;
      yield { day, reports: released.concat(last ? order.flush() : []).map((a) => a.item) };
    }
  }

  private everyday(rng: RandomStream, day: FeedDay): FeedEvent[] {
    const { rates, texts, callers } = this.ctx;
    const events: FeedEvent[] = [];
    const cityDay = rng.gammaMultiplier(CITY_DAY_SHAPE);
    const hours = rates.hourPieces(day.start, day.end);
    for (const cell of rates.cells) {
      const swing = cityDay * rng.gammaMultiplier(CELL_DAY_SHAPE);
      for (const piece of hours) {
        const expected = rates.hourly(cell.index, piece.weekday, piece.hour) * ((piece.to - piece.from) / HOUR_MS);
        for (let n = rng.poisson(expected * swing); n > 0; n--) {
          const style = drawReportStyle(rng);
          events.push({
            t: secondIn(rng, piece.from, piece.to),
            district: cell.district,
            topic: cell.topic,
            caller: callers.everyday(rng, cell.index, rates.daily(cell.index)),
            textOnly: style.textOnly,
            content: texts.everyday(rng, cell.district, cell.topic, style.mentionDistrict),
          });
        }
      }
    }
    return events;
  }

  private injectedByDay(): Map<number, FeedEvent[]> {
    const byDay = new Map<number, FeedEvent[]>();
    for (const inj of this.injections) {
      for (const event of inj.events) {
        const day = this.days.findIndex((d) => event.t >= d.start && event.t < d.end);
        if (day === -1) continue;
        const list = byDay.get(day) ?? [];
        list.push(event);
        byDay.set(day, list);
      }
    }
    return byDay;
  }
}

/** Events by event time; equal times keep their creation order (Array.prototype.sort is stable). */
const stableByTime = (events: FeedEvent[]): FeedEvent[] => events.sort((a, b) => a.t - b.t);
