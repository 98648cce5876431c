// Decides which surges and decoys go where: kinds spread over the days after warm-up, no two in one cell at once.
import { HOUR_MS, MINUTE_MS } from '../time/event-time.ts';
import type { FeedDay } from './feed-calendar.ts';
import {
  buildCitywide,
  buildIncident,
  buildRepeatCaller,
  buildSlowBurn,
  type Injection,
  type InjectionContext,
  type Slot,
} from './injections.ts';
import { RandomStream } from './random-stream.ts';
import type { SurgeKind } from './truth.ts';

/** Share of each kind among injected surges. */
const KIND_MIX: ReadonlyArray<[SurgeKind, number]> = [
  ['incident', 0.3],
  ['small_incident', 0.25],
  ['slow_burn', 0.25],
  ['citywide', 0.2],
];
const ATTEMPTS = 60;
/** A cell stays reserved this long before and after an injection, so alerts can settle in between. */
const PAD_BEFORE = 2 * HOUR_MS;
const PAD_AFTER = 6 * HOUR_MS;
const MORNING_PEAK_DAYS = 3;
const REPEAT_CALLS = 20;
/**
 * A slow burn goes only where the cell normally expects this many reports over its hours: then its extra
 * (multiplier − 1) × expected people stand well clear of the cell's day-to-day swing (about 25%).
 */
const SLOW_BURN_MIN_EXPECTED = 25;

/** The first day (0-based) that gets injections: after a 28-day warm-up on long feeds, else after day 1. */
export function firstInjectionDay(days: number): number {
  return days >= 35 ? 28 : 1;
}

/** Plan and build every surge and decoy of a feed; ids (S01-incident, D01-repeat_caller…) follow start time. */
export function planInjections(seed: string, days: readonly FeedDay[], ctx: InjectionContext): Injection[] {
  const rng = new RandomStream(seed, 'plan');
  const injectDays = days.slice(firstInjectionDay(days.length));
  if (injectDays.length === 0) return [];
  const limit = days[days.length - 1].end - HOUR_MS;
  const booked = new Bookings();
  const perDay = injectDays.map(() => rng.int(1, 2));
  const kinds = rng.shuffle(kindBag(perDay.reduce((s, n) => s + n, 0)));
  const surges = injectDays.flatMap((day, i) =>
    kinds.splice(0, perDay[i]).map((kind) => place(rng, ctx, kind, day, limit, booked)),
  );
  const repeatDays = rng.shuffle(injectDays).slice(0, Math.max(1, Math.round(injectDays.length / 3)));
  const repeats = repeatDays.map((day) => place(rng, ctx, 'repeat_caller', day, limit, booked));
  const decoys = [...repeats.filter((p) => p !== null), ...morningPeaks(rng, ctx, injectDays)];
  const build = ({ item, id }: { item: Proposal; id: string }) =>
    item.build(new RandomStream(seed, `inject/${id}`), { id, start: item.start, end: item.end });
  return [
    ...numbered(
      'S',
      surges.filter((p) => p !== null),
    ).map(build),
    ...numbered('D', decoys).map(build),
  ];
}

/** Ids by start time: S01-incident, S02-citywide… */
function numbered<T extends { kind: string; start: number }>(
  letter: string,
  items: readonly T[],
): Array<{ item: T; id: string }> {
  return [...items]
    .sort((a, b) => a.start - b.start)
    .map((item, i) => ({ item, id: `${letter}${String(i + 1).padStart(2, '0')}-${item.kind}` }));
}

/** Kinds in proportion to KIND_MIX (largest remainder), every kind present once there are enough slots. */
function kindBag(total: number): SurgeKind[] {
  const exact = KIND_MIX.map(([kind, share]) => ({
    kind,
    n: Math.floor(share * total),
    rest: share * total - Math.floor(share * total),
  }));
  let missing = total - exact.reduce((s, e) => s + e.n, 0);
  for (const e of [...exact].sort((a, b) => b.rest - a.rest)) if (missing-- > 0) e.n++;
  return exact.flatMap((e) => Array<SurgeKind>(e.n).fill(e.kind));
}

/** Where and when an injection would go, and how to build it once the cells are known to be free. */
interface Proposal {
  readonly kind: SurgeKind | 'repeat_caller' | 'morning_peak';
  readonly cells: readonly number[];
  readonly start: number;
  readonly end: number;
  readonly build: (rng: RandomStream, slot: Slot) => Injection;
}

function place(
  rng: RandomStream,
  ctx: InjectionContext,
  kind: SurgeKind | 'repeat_caller',
  day: FeedDay,
  limit: number,
  booked: Bookings,
): Proposal | null {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const proposal = propose(rng, ctx, kind, day);
    if (!proposal || proposal.end > limit || !booked.free(proposal.cells, proposal.start, proposal.end)) continue;
    booked.book(proposal.cells, proposal.start, proposal.end);
    return proposal;
  }
  return null;
}

function propose(
  rng: RandomStream,
  ctx: InjectionContext,
  kind: SurgeKind | 'repeat_caller',
  day: FeedDay,
): Proposal | null {
  const { rates } = ctx;
  const cellWhere = (ok: (daily: number, peak: number) => boolean) => {
    const fits = rates.cells.filter((c) => ok(rates.daily(c.index), rates.peakHourly(c.index)));
    return fits.length ? rng.pick(fits) : null;
  };
  const at = (hours: number) => day.start + Math.round(hours * 60) * MINUTE_MS;
  const span = (start: number, minutes: number) => ({ start, end: start + minutes * MINUTE_MS });
  if (kind === 'incident' || kind === 'small_incident') {
    const cell = kind === 'incident' ? cellWhere((daily) => daily >= 8) : cellWhere((_, peak) => peak < 1);
    if (!cell) return null;
    const minutes = kind === 'incident' ? rng.int(60, 180) : rng.int(30, 90);
    const people = kind === 'incident' ? rng.int(15, 60) : rng.int(6, 10);
    const build = (r: RandomStream, slot: Slot) => buildIncident(r, ctx, slot, kind, cell.district, cell.topic, people);
    return { kind, cells: [cell.index], ...span(daytimeStart(rng, ctx, day), minutes), build };
  }
  if (kind === 'repeat_caller') {
    const cell = cellWhere((daily) => daily >= 2);
    if (!cell) return null;
    const build = (r: RandomStream, slot: Slot) =>
      buildRepeatCaller(r, ctx, slot, cell.district, cell.topic, REPEAT_CALLS);
    return { kind, cells: [cell.index], ...span(at(rng.between(9, 19)), 120), build };
  }
  if (kind === 'slow_burn') {
    const when = span(at(rng.between(6, 10)), rng.int(12 * 60, 16 * 60));
    const fits = rates.cells.filter(
      (c) => rates.expectedBetween(c.index, when.start, when.end) >= SLOW_BURN_MIN_EXPECTED,
    );
    if (fits.length === 0) return null;
    const cell = rng.pick(fits);
    const multiplier = rng.between(2, 4);
    const build = (r: RandomStream, slot: Slot) => buildSlowBurn(r, ctx, slot, cell.index, multiplier);
    return { kind, cells: [cell.index], ...when, build };
  }
  const topic = policyTopic(rng, ctx);
  const multiplier = rng.between(2, 3);
  const cells = rates.cells.filter((c) => c.topic === topic).map((c) => c.index);
  const build = (r: RandomStream, slot: Slot) => buildCitywide(r, ctx, slot, topic, multiplier);
  return { kind, cells, ...span(at(rng.between(9, 15)), rng.int(6 * 60, 12 * 60)), build };
}

/** A start in the day's busy hours (7–20 h, weighted by the hour shape). */
function daytimeStart(rng: RandomStream, ctx: InjectionContext, day: FeedDay): number {
  const hours = Array.from({ length: 14 }, (_, i) => 7 + i);
  const hour = hours[rng.weightedIndex(hours.map((h) => ctx.rates.hourWeight(h)))];
  return day.start + hour * HOUR_MS + rng.int(0, 59) * MINUTE_MS;
}

/** A topic for a policy shock, weighted by share; housing, insurance, traffic… are the usual ones. */
function policyTopic(rng: RandomStream, ctx: InjectionContext): string {
  const topics = ctx.rates.profile.data.topics;
  const withPolicy = topics.filter((t) => ctx.texts.hasPolicy(t.code));
  const pool = withPolicy.length > 0 ? withPolicy : topics;
  return pool[rng.weightedIndex(pool.map((t) => t.share))].code;
}

/** The ordinary morning peak of a few weekdays, recorded as citywide windows that must not alert; no extra reports. */
function morningPeaks(rng: RandomStream, ctx: InjectionContext, days: readonly FeedDay[]): Proposal[] {
  const weight = (h: number) => ctx.rates.hourWeight(h) + ctx.rates.hourWeight(h + 1) + ctx.rates.hourWeight(h + 2);
  const first = Array.from({ length: 10 }, (_, h) => h).reduce((best, h) => (weight(h) > weight(best) ? h : best), 0);
  const weekdays = days.filter((d) => d.weekday < 5);
  return rng
    .shuffle(weekdays.length > 0 ? weekdays : days)
    .slice(0, MORNING_PEAK_DAYS)
    .map((day) => ({
      kind: 'morning_peak',
      cells: [],
      start: day.start + first * HOUR_MS,
      end: day.start + (first + 3) * HOUR_MS,
      build: (_rng, slot) => ({
        ...slot,
        kind: 'morning_peak',
        district: null,
        topic: null,
        people: 0,
        place: null,
        events: [],
      }),
    }));
}

/** Busy intervals per cell, padded so injections in one cell never overlap or follow too closely. */
class Bookings {
  private readonly byCell = new Map<number, Array<[number, number]>>();

  free(cells: readonly number[], start: number, end: number): boolean {
    return cells.every((c) => (this.byCell.get(c) ?? []).every(([a, b]) => end <= a || start >= b));
  }

  book(cells: readonly number[], start: number, end: number): void {
    for (const c of cells) {
      const list = this.byCell.get(c) ?? [];
      list.push([start - PAD_BEFORE, end + PAD_AFTER]);
      this.byCell.set(c, list);
    }
  }
}
