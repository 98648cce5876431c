// Decoys the generator lacks: district-wide busy days (all of one district's topics up at once) must not open alerts.
// Run: npx tsx benchmarks/district-busy-days.mts OUT_DIR [--days 60] [--seed busy-days-1] [--start 2026-01-05]
//      [--profile chengdu]   → OUT_DIR/feed.ndjson, OUT_DIR/truth.json (the generator's truth + busyDays)
// See benchmarks/DISTRICT-BUSY-DAYS.md for what it adds and how to score a run.
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { IntakeReport } from '../schemas/intake-report.ts';
import { loadProfile } from '../engine/profile/city-profile.ts';
import { MINUTE_MS } from '../engine/time/event-time.ts';
import { arrivalDelay } from '../engine/generate/arrival-order.ts';
import { CallerIds } from '../engine/generate/caller-ids.ts';
import { isCalendarDate, localTimeOn, type FeedDay } from '../engine/generate/feed-calendar.ts';
import { drawReportStyle, type FeedEvent } from '../engine/generate/feed-event.ts';
import { IntakeForm } from '../engine/generate/intake-form.ts';
import { PlaceCatalog } from '../engine/generate/place-catalog.ts';
import { RandomStream } from '../engine/generate/random-stream.ts';
import { idPrefix, reportId } from '../engine/generate/report-ids.ts';
import { ReportTexts } from '../engine/generate/report-text.ts';
import { SyntheticFeed } from '../engine/generate/synthetic-feed.ts';
import { buildTruth, truthJson } from '../engine/generate/write-feed.ts';
import { loadLexicon } from '../engine/generate/zh-lexicon.ts';

/** One district-wide busy day (every topic ×factor in a window) or quiet day (×factor all day), as written to truth.json. */
export interface BusyDay {
  readonly id: string;
  readonly kind: 'busy' | 'quiet';
  readonly district: string;
  /** Local date YYYY-MM-DD and its 0-based index in the feed. */
  readonly day: string;
  readonly dayIndex: number;
  /** Local hours of the window, e.g. "09:00-15:00"; "00:00-24:00" for the whole day. */
  readonly hours: string;
  readonly start: string;
  readonly end: string;
  /** Rate of the district's everyday reports in the window relative to what the generator made. */
  readonly factor: number;
  /** What a real day like it would be: weather, local-news, office-hours (busy) or holiday-lull (quiet). */
  readonly reason: string;
  /** Everyday reports of the district in the window before the change, and how many were added or dropped. */
  readonly baseReports: number;
  readonly added: number;
  readonly dropped: number;
  /** Ids of the added reports (busy days). */
  readonly reportIds: string[];
}

interface Plan {
  readonly id: string;
  readonly kind: 'busy' | 'quiet';
  readonly district: string;
  readonly day: FeedDay;
  readonly from: number;
  readonly to: number;
  readonly hours: string;
  readonly factor: number;
  readonly reason: string;
}

/** An everyday (non-injected) report of the generator, as the intake form saw it. */
interface Source {
  readonly id: string;
  readonly event: FeedEvent;
}

interface Pending {
  readonly arrival: number;
  readonly seq: number;
  readonly report: IntakeReport;
}

const BUSY_BLOCK_DAYS = 10;
const QUIET_BLOCK_DAYS = 20;
const BUSY_FACTOR: [number, number] = [1.4, 2.2];
const QUIET_FACTOR: [number, number] = [0.5, 0.7];
const WHOLE_DAY_SHARE = 0.4;
/** Added reports move up to this far from the report they copy, inside the window. */
const JITTER_MS = 20 * MINUTE_MS;
/** Share of added reports made by someone who already called about that district and topic that day. */
const SAME_PERSON_SHARE = 0.15;

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    days: { type: 'string', default: '60' },
    seed: { type: 'string', default: 'busy-days-1' },
    start: { type: 'string', default: '2026-01-05' },
    profile: { type: 'string', default: 'chengdu' },
  },
});
if (positionals.length !== 1) {
  process.stderr.write('usage: npx tsx benchmarks/district-busy-days.mts OUT_DIR [--days 60] [--seed busy-days-1]\n');
  process.exit(2);
}
const outDir = positionals[0];
const days = Number(args.days);
if (!Number.isInteger(days) || days < 2) throw new Error(`--days must be a whole number ≥ 2 (got ${args.days})`);
if (!isCalendarDate(args.start)) throw new Error(`--start must be YYYY-MM-DD (got ${args.start})`);
const seed = args.seed;
const profile = loadProfile(args.profile);

const feed = new SyntheticFeed({ profile, seed, days, start: args.start, surges: true });
const clock = feed.clock;
const lexicon = loadLexicon();
// Texts and intake forms of the added reports come from the generator's own classes, built as the feed builds its own
// (same places per district), but with their own random streams, so the feed itself is byte for byte what
// `lizheng generate --seed SEED` writes.
const texts = new ReportTexts(profile, lexicon, new PlaceCatalog(lexicon, seed));
const form = new IntakeForm(profile, clock);
// New people get ids `c-b…`, one character longer than the generator's `c-…`, so they never meet a generated caller.
const newCallers = new CallerIds(`${seed}/busy-days`);
const newCaller = () => newCallers.fresh().replace(/^c-/, 'c-b');
const prefix = idPrefix(profile.data.code);

const plans = planDays();

// The generator's form writes every report of a day before the day is released; listening to it tells which cell each
// report belongs to (text-only reports carry no district), which are injected, and the day's last sequence number.
const seen = new Map<number, Source[]>();
const lastSeq = new Map<string, number>();
const planned = new Set(plans.map((p) => `${p.day.index}/${p.district}`));
// biome-ignore lint/complexity/useLiteralKeys: the form is private to SyntheticFeed; element access reaches it type-checked
const feedForm: IntakeForm = feed['form'];
const write = feedForm.write.bind(feedForm);
feedForm.write = (rng, event, id) => {
  const day = dayIndexOf(event.t);
  if (!event.tag && planned.has(`${day}/${event.district}`)) {
    const list = seen.get(day) ?? [];
    list.push({ id, event });
    seen.set(day, list);
  }
  const date = id.slice(prefix.length + 1, prefix.length + 9);
  lastSeq.set(date, Math.max(lastSeq.get(date) ?? 0, Number(id.slice(-6))));
  return write(rng, event, id);
};

await mkdir(outDir, { recursive: true });
const feedPath = join(outDir, 'feed.ndjson');
const out = createWriteStream(feedPath, { highWaterMark: 1 << 20 });
const dropped = new Set<string>();
const results = new Map<string, { baseReports: number; added: string[]; dropped: number }>();
let pending: Pending[] = [];
let pendingSeq = 0;
let written = 0;
let buffer: string[] = [];

for (const batch of feed.batches()) {
  for (const plan of plans.filter((p) => p.day.index === batch.day.index)) apply(plan, seen.get(batch.day.index) ?? []);
  seen.delete(batch.day.index);
  pending.sort((a, b) => a.arrival - b.arrival || a.seq - b.seq);
  for (const report of batch.reports) {
    if (dropped.has(report.id)) continue;
    // An added report goes before the first generated one whose event time is after its arrival: file order stays
    // arrival order, and no report is later than 90 s behind the newest event time before it.
    const t = Date.parse(report.receivedAt);
    let n = 0;
    while (n < pending.length && pending[n].arrival < t) n++;
    if (n > 0) {
      for (const p of pending.slice(0, n)) emit(p.report);
      pending = pending.slice(n);
    }
    emit(report);
  }
  await flush();
}
for (const p of pending) emit(p.report);
await flush();
out.end();
await once(out, 'finish');

const truth = buildTruth(feed, written);
const busyDays: BusyDay[] = plans.map((p) => {
  const r = results.get(p.id) ?? { baseReports: 0, added: [], dropped: 0 };
  return {
    id: p.id,
    kind: p.kind,
    district: p.district,
    day: p.day.date,
    dayIndex: p.day.index,
    hours: p.hours,
    start: clock.format(p.from),
    end: clock.format(p.to),
    factor: p.factor,
    reason: p.reason,
    baseReports: r.baseReports,
    added: r.added.length,
    dropped: r.dropped,
    reportIds: r.added,
  };
});
const truthPath = join(outDir, 'truth.json');
await writeFile(truthPath, `${truthJson({ ...truth, busyDays } as typeof truth)}\n`);

const busy = busyDays.filter((b) => b.kind === 'busy');
const quiet = busyDays.filter((b) => b.kind === 'quiet');
process.stderr.write(
  `district-busy-days: ${written} reports over ${days} days (seed ${seed}), ${truth.surges.length} injected surges, ` +
    `${truth.decoys.length} decoys; ${busy.length} busy days (+${busy.reduce((s, b) => s + b.added, 0)} reports), ` +
    `${quiet.length} quiet days (−${quiet.reduce((s, b) => s + b.dropped, 0)} reports)\n` +
    busyDays
      .map(
        (b) =>
          `  ${b.id} ${b.day} ${b.hours} ${profile.districtLabel(b.district)} ×${b.factor} ${b.reason}: ` +
          `${b.baseReports} → ${b.baseReports + b.added - b.dropped}\n`,
      )
      .join('') +
    `wrote ${feedPath} and ${truthPath}\n`,
);

/** Busy and quiet days: one busy day in each block of 10 days, one quiet day in each block of 20, on other days. */
function planDays(): Plan[] {
  const rng = new RandomStream(seed, 'busy-days/plan');
  const weights = profile.data.districts.map((d) => d.weight);
  const pickDistrict = () => profile.data.districts[rng.weightedIndex(weights)].code;
  const busyDays = blockDays(rng, BUSY_BLOCK_DAYS, new Set());
  const quietDays = blockDays(rng, QUIET_BLOCK_DAYS, new Set(busyDays));
  const drafts: Array<Omit<Plan, 'id'>> = [];
  for (const index of busyDays) {
    const day = feed.days[index];
    const factor = round2(rng.between(...BUSY_FACTOR));
    const district = pickDistrict();
    if (rng.chance(WHOLE_DAY_SHARE)) {
      const reason = rng.pick(['weather', 'local-news']);
      drafts.push({ kind: 'busy', district, day, from: day.start, to: day.end, hours: '00:00-24:00', factor, reason });
      continue;
    }
    const reason = rng.pick(['weather', 'local-news', 'office-hours']);
    const length = rng.int(4, 8);
    const startHour = reason === 'office-hours' ? rng.int(8, 10) : rng.int(7, 23 - length);
    const from = localTimeOn(day.date, startHour * 60, clock);
    const to = localTimeOn(day.date, (startHour + length) * 60, clock);
    const hours = `${hh(startHour)}:00-${hh(startHour + length)}:00`;
    drafts.push({ kind: 'busy', district, day, from, to, hours, factor, reason });
  }
  for (const index of quietDays) {
    const day = feed.days[index];
    const factor = round2(rng.between(...QUIET_FACTOR));
    const district = pickDistrict();
    drafts.push({
      kind: 'quiet',
      district,
      day,
      from: day.start,
      to: day.end,
      hours: '00:00-24:00',
      factor,
      reason: 'holiday-lull',
    });
  }
  return drafts
    .sort((a, b) => a.from - b.from)
    .map((d, i) => ({ ...d, id: `B${String(i + 1).padStart(2, '0')}-${d.kind}` }));
}

/** One day in each block of `block` days (a last, shorter block gets one with probability length ÷ block). */
function blockDays(rng: RandomStream, block: number, taken: ReadonlySet<number>): number[] {
  const out: number[] = [];
  for (let from = 0; from < days; from += block) {
    const to = Math.min(days, from + block);
    if (to - from < block && !rng.chance((to - from) / block)) continue;
    const free: number[] = [];
    for (let d = from; d < to; d++) if (!taken.has(d)) free.push(d);
    if (free.length > 0) out.push(rng.pick(free));
  }
  return out;
}

/** Add or drop the district's everyday reports of one planned day. */
function apply(plan: Plan, sources: readonly Source[]): void {
  const rng = new RandomStream(seed, `busy-days/${plan.id}`);
  const mine = sources.filter(
    (s) => s.event.district === plan.district && s.event.t >= plan.from && s.event.t < plan.to,
  );
  const result = { baseReports: mine.length, added: [] as string[], dropped: 0 };
  results.set(plan.id, result);
  if (plan.kind === 'quiet') {
    for (const s of mine) {
      if (rng.chance(plan.factor)) continue;
      dropped.add(s.id);
      result.dropped++;
    }
    return;
  }
  const callersByTopic = new Map<string, string[]>();
  for (const s of mine) {
    const list = callersByTopic.get(s.event.topic) ?? [];
    list.push(s.event.caller);
    callersByTopic.set(s.event.topic, list);
  }
  const extra = plan.factor - 1;
  for (const s of mine) {
    const copies = Math.floor(extra) + (rng.chance(extra - Math.floor(extra)) ? 1 : 0);
    for (let c = 0; c < copies; c++) {
      const t = jittered(rng, s.event.t, plan);
      const style = drawReportStyle(rng);
      const known = callersByTopic.get(s.event.topic) ?? [];
      const caller = known.length > 0 && rng.chance(SAME_PERSON_SHARE) ? rng.pick(known) : newCaller();
      const event: FeedEvent = {
        t,
        district: plan.district,
        topic: s.event.topic,
        caller,
        textOnly: style.textOnly,
        content: texts.everyday(rng, plan.district, s.event.topic, style.mentionDistrict),
      };
      const date = clock.localDay(t);
      const seq = (lastSeq.get(date.replaceAll('-', '')) ?? 0) + 1;
      lastSeq.set(date.replaceAll('-', ''), seq);
      const report = form.write(rng, event, reportId(prefix, date, seq));
      result.added.push(report.id);
      pending.push({ arrival: t + arrivalDelay(() => rng.uniform()), seq: pendingSeq++, report });
    }
  }
}

/** A whole-second time within JITTER_MS of t and inside the plan's window (t itself after a few misses). */
function jittered(rng: RandomStream, t: number, plan: Plan): number {
  for (let i = 0; i < 5; i++) {
    const u = Math.floor((t + rng.between(-JITTER_MS, JITTER_MS)) / 1000) * 1000;
    if (u >= plan.from && u < plan.to) return u;
  }
  return t;
}

function dayIndexOf(t: number): number {
  return feed.days.findIndex((d) => t >= d.start && t < d.end);
}

function emit(report: IntakeReport): void {
  buffer.push(JSON.stringify(report));
  written++;
}

async function flush(): Promise<void> {
  if (buffer.length === 0) return;
  const chunk = `${buffer.join('\n')}\n`;
  buffer = [];
  if (!out.write(chunk)) await once(out, 'drain');
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function hh(hour: number): string {
  return String(hour).padStart(2, '0');
}
