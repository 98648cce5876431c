// Builds the reports of each injected surge and decoy once the plan has fixed its cell and time.
import type { CityClock } from '../time/event-time.ts';
import { HOUR_MS, MINUTE_MS } from '../time/event-time.ts';
import type { DecoyKind, SurgeKind } from './truth.ts';
import type { CellRates } from './cell-rates.ts';
import type { CallerIds } from './caller-ids.ts';
import type { ReportTexts, Complaint } from './report-text.ts';
import { drawReportStyle, secondIn, type FeedEvent } from './feed-event.ts';
import type { RandomStream } from './random-stream.ts';

/** One injected surge or decoy with its reports. */
export interface Injection {
  readonly id: string;
  readonly kind: SurgeKind | DecoyKind;
  readonly district: string | null;
  readonly topic: string | null;
  readonly start: number;
  readonly end: number;
  readonly people: number;
  readonly place: string | null;
  readonly problem?: string;
  readonly multiplier?: number;
  readonly callerId?: string;
  readonly events: readonly FeedEvent[];
}

/** What the builders need from the feed being generated. */
export interface InjectionContext {
  readonly rates: CellRates;
  readonly texts: ReportTexts;
  readonly callers: CallerIds;
  readonly clock: CityClock;
}

export interface Slot {
  readonly id: string;
  readonly start: number;
  readonly end: number;
}

/** Share of incident callers who call a second time while it lasts. */
const SECOND_CALL_SHARE = 0.1;

/** Offsets in [0, span) that crowd toward the start: a truncated exponential with mean span × `meanShare`. */
function frontLoaded(rng: RandomStream, span: number, meanShare: number): number {
  for (;;) {
    const x = rng.exponential(span * meanShare);
    if (x < span) return x;
  }
}

/** Many distinct people about one place and problem, most of them early (incident and small_incident). */
export function buildIncident(
  rng: RandomStream,
  ctx: InjectionContext,
  slot: Slot,
  kind: 'incident' | 'small_incident',
  district: string,
  topic: string,
  people: number,
): Injection {
  const complaint = ctx.texts.complaint(rng, district, topic);
  const span = slot.end - slot.start;
  const events: FeedEvent[] = [];
  for (let p = 0; p < people; p++) {
    const caller = ctx.callers.fresh();
    const first = slot.start + frontLoaded(rng, span, kind === 'incident' ? 1 / 3 : 1 / 2);
    events.push(retold(rng, ctx, slot.id, complaint, topic, caller, first, true));
    const again = first + rng.between(5, 40) * MINUTE_MS;
    if (kind === 'incident' && rng.chance(SECOND_CALL_SHARE) && again < slot.end) {
      events.push(retold(rng, ctx, slot.id, complaint, topic, caller, again, true));
    }
  }
  return {
    ...slot,
    kind,
    district,
    topic,
    people,
    place: ctx.texts.placeLabel(complaint),
    problem: complaint.paraphrases[0],
    events,
  };
}

/** One person calling `calls` times about the same thing: must not look like a surge of people. */
export function buildRepeatCaller(
  rng: RandomStream,
  ctx: InjectionContext,
  slot: Slot,
  district: string,
  topic: string,
  calls: number,
): Injection {
  const complaint = ctx.texts.complaint(rng, district, topic);
  const caller = ctx.callers.fresh();
  const events: FeedEvent[] = [];
  for (let i = 0; i < calls; i++) {
    events.push(retold(rng, ctx, slot.id, complaint, topic, caller, rng.between(slot.start, slot.end), false));
  }
  return {
    ...slot,
    kind: 'repeat_caller',
    district,
    topic,
    people: 1,
    place: ctx.texts.placeLabel(complaint),
    callerId: caller,
    events,
  };
}

/** One cell at `multiplier` × its normal rate: extra everyday reports from distinct people, no single place. */
export function buildSlowBurn(
  rng: RandomStream,
  ctx: InjectionContext,
  slot: Slot,
  cell: number,
  multiplier: number,
): Injection {
  const { district, topic } = ctx.rates.cells[cell];
  const events = extraReports(rng, ctx, slot, [cell], multiplier, (r, d, mention) =>
    ctx.texts.everyday(r, d, topic, mention),
  );
  return { ...slot, kind: 'slow_burn', district, topic, people: events.length, place: null, multiplier, events };
}

/** One topic at `multiplier` × normal in every district from a step on: people asking about a new policy. */
export function buildCitywide(
  rng: RandomStream,
  ctx: InjectionContext,
  slot: Slot,
  topic: string,
  multiplier: number,
): Injection {
  const cells = ctx.rates.cells.filter((c) => c.topic === topic).map((c) => c.index);
  const events = extraReports(rng, ctx, slot, cells, multiplier, (r, d, mention) =>
    ctx.texts.policy(r, d, topic, mention),
  );
  return { ...slot, kind: 'citywide', district: null, topic, people: events.length, place: null, multiplier, events };
}

function retold(
  rng: RandomStream,
  ctx: InjectionContext,
  tag: string,
  complaint: Complaint,
  topic: string,
  caller: string,
  t: number,
  crowd: boolean,
): FeedEvent {
  const style = drawReportStyle(rng);
  const content = ctx.texts.retell(rng, complaint, style.mentionDistrict, crowd && rng.chance(0.5));
  return {
    t: Math.floor(t / 1000) * 1000,
    district: complaint.district,
    topic,
    caller,
    textOnly: style.textOnly,
    content,
    tag,
  };
}

type Write = (rng: RandomStream, district: string, mentionDistrict: boolean) => FeedEvent['content'];

/** Poisson extra reports at (multiplier − 1) × the expected hourly rate of each cell over the slot. */
function extraReports(
  rng: RandomStream,
  ctx: InjectionContext,
  slot: Slot,
  cells: readonly number[],
  multiplier: number,
  write: Write,
): FeedEvent[] {
  const events: FeedEvent[] = [];
  for (const piece of ctx.rates.hourPieces(slot.start, slot.end)) {
    for (const cell of cells) {
      const lambda =
        (multiplier - 1) * ctx.rates.hourly(cell, piece.weekday, piece.hour) * ((piece.to - piece.from) / HOUR_MS);
      const { district, topic } = ctx.rates.cells[cell];
      for (let n = rng.poisson(lambda); n > 0; n--) {
        const style = drawReportStyle(rng);
        const content = write(rng, district, style.mentionDistrict);
        events.push({
          t: secondIn(rng, piece.from, piece.to),
          district,
          topic,
          caller: ctx.callers.fresh(),
          textOnly: style.textOnly,
          content,
          tag: slot.id,
        });
      }
    }
  }
  return events;
}
