// Partitioned counting (per-district units → _merge messages → SeriesMerger) gives the minutes one whole-city
// counter closes: the same cells, and, when incidents are tracked, the same reports in the same order.
import type { JsMsg } from '@nats-io/jetstream';
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import type { Report } from '../engine/intake/report.ts';
import { DistrictUnit, type UnitState } from '../engine/stream/district-unit.ts';
import { decodeUnit, encodeUnit } from '../engine/checkpoint/pipeline-checkpoints.ts';
import { StoredMerger } from '../engine/checkpoint/checkpoint-schemas.ts';
import { checkStored } from '../engine/checkpoint/stored-check.ts';
import { SeriesMerger } from '../engine/stream/series-merger.ts';
import { readMerge, type ClosedMarker, type ClosedMinute } from '../engine/stream/series-message.ts';
import { CellCounter } from '../engine/windows/cell-counter.ts';
import type { MinuteSeries } from '../engine/windows/minute-series.ts';

const T0 = Date.parse('2026-01-05T08:00:00+08:00');
const LATENESS = 120_000;
const DISTRICTS = ['gaoxin', 'jinjiang', 'wuhou', 'pujiang', 'xindu', 'unknown'];
const TOPICS = ['property', 'noise', 'traffic'];

interface Arrival {
  readonly report: Report;
  readonly sourceTime: number;
}

/**
 * A feed in arrival order: event times drift up with delays of up to 5 minutes (so some reports are
 * later than the 2-minute lateness), some ids arrive twice, one district is silent for hours, and
 * another first speaks two hours in, with a report that arrives too late to count.
 */
function feed(seed: string, n: number): Arrival[] {
  const rng = seedrandom(seed);
  const reports: Report[] = [];
  for (let i = 0; i < n; i++) {
    const t = T0 + Math.floor(i * 7_000 + rng() * 5_000);
    const quiet = t > T0 + 3_600_000 && t < T0 + 3 * 3_600_000;
    const pick = DISTRICTS.filter((d) => !(quiet && d === 'unknown') && !(d === 'xindu' && t < T0 + 2.25 * 3_600_000));
    const district = pick[Math.floor(rng() * pick.length)];
    const id = `r-${i}`;
    reports.push({
      id,
      t,
      district: district === 'unknown' ? null : district,
      topic: TOPICS[Math.floor(rng() * 3)],
      caller: `c:${Math.floor(rng() * 400)}`,
      text: 'x',
      channel: null,
      raw: { id, receivedAt: '', text: 'x' },
    });
  }
  const delayed = reports.map((r) => ({ r, at: r.t + (rng() < 0.05 ? rng() * 300_000 : rng() * 30_000) }));
  const newcomer: Report = { ...reports[0], id: 'xindu-first', t: T0 + 2 * 3_600_000, district: 'xindu' };
  delayed.push({ r: newcomer, at: newcomer.t + 400_000 });
  for (let i = 0; i < n / 30; i++) {
    const r = reports[Math.floor(rng() * n)];
    delayed.push({ r, at: r.t + rng() * 600_000 });
  }
  delayed.sort((a, b) => a.at - b.at);
  let high = -Infinity;
  return delayed.map(({ r }) => ({ report: r, sourceTime: (high = Math.max(high, r.t)) }));
}

interface Closed {
  readonly series: MinuteSeries;
  readonly reports: readonly Report[];
}

/** What one whole-city counter emits, leading empty minutes dropped (reports only when kept for incidents). */
function wholeCity(arrivals: Arrival[], keepReports: boolean): Closed[] {
  const out: Closed[] = [];
  const c = new CellCounter({
    latenessMs: LATENESS,
    keepReports,
    onMinute: (series, reports) => out.push({ series, reports: [...reports] }),
  });
  for (const a of arrivals) c.ingest(a.report);
  c.flush();
  const first = out.findIndex((s) => s.series.cells.length > 0);
  return out.slice(first);
}

type MergeMessage = ClosedMinute | ClosedMarker;

/**
 * Per-district units fed in a random interleaving of their own (ordered) streams, with clock markers for
 * silent districts and end markers; their closed minutes (cells, and reports when `keepReports`) reach the
 * merger interleaved and partly duplicated, and the merged minutes are what the decider decides.
 */
function partitioned(arrivals: Arrival[], seed: string, keepReports: boolean): Closed[] {
  const rng = seedrandom(seed);
  const outbox = new Map<string, MergeMessage[]>(DISTRICTS.map((d) => [d, []]));
  const makeUnit = (d: string, state?: UnitState) =>
    new DistrictUnit(
      d,
      LATENESS,
      keepReports,
      (s, reports) => {
        const closed = {
          kind: 'minute',
          district: d,
          minute: s.minute,
          cells: s.cells,
          ...(keepReports ? { reports } : {}),
        };
        if (s.cells.length > 0) outbox.get(d)!.push(JSON.parse(JSON.stringify(closed)));
      },
      state,
    );
  const units = new Map(DISTRICTS.map((d) => [d, makeUnit(d)]));
  const inbox = new Map<string, Array<{ kind: 'report' | 'clock' | 'end'; arrival: Arrival }>>(
    DISTRICTS.map((d) => [d, []]),
  );
  const lastSent = new Map<string, number>();
  for (const a of arrivals) {
    const d = a.report.district ?? 'unknown';
    inbox.get(d)!.push({ kind: 'report', arrival: a });
    lastSent.set(d, a.sourceTime);
    for (const q of DISTRICTS) {
      if (a.sourceTime - (lastSent.get(q) ?? -Infinity) < 600_000) continue;
      inbox.get(q)!.push({ kind: 'clock', arrival: a });
      lastSent.set(q, a.sourceTime);
    }
  }
  for (const d of DISTRICTS) inbox.get(d)!.push({ kind: 'end', arrival: arrivals[arrivals.length - 1] });

  let merger = new SeriesMerger(DISTRICTS);
  const merged: Closed[] = [];
  const deliver = (m: MergeMessage) => (m.kind === 'minute' ? merger.addMinute(m) : merger.addMarker(m));
  const release = () => {
    for (const minute of merger.release()) merged.push(minute);
  };
  const cursor = new Map(DISTRICTS.map((d) => [d, 0]));
  const sent = new Map(DISTRICTS.map((d) => [d, 0]));
  while (DISTRICTS.some((d) => cursor.get(d)! < inbox.get(d)!.length || sent.get(d)! < outbox.get(d)!.length)) {
    const d = DISTRICTS[Math.floor(rng() * DISTRICTS.length)];
    if (rng() < 0.02) {
      // A restart from checkpoints: state goes through JSON and comes back.
      units.set(d, makeUnit(d, decodeUnit(`count.${d}`, JSON.parse(encodeUnit(units.get(d)!.state())))));
      merger = new SeriesMerger(
        DISTRICTS,
        checkStored('decide', StoredMerger, JSON.parse(JSON.stringify(merger.state()))),
      );
    }
    const unit = units.get(d)!;
    for (let k = Math.floor(rng() * 20); k > 0 && cursor.get(d)! < inbox.get(d)!.length; k--) {
      const { kind, arrival } = inbox.get(d)![cursor.get(d)!];
      cursor.set(d, cursor.get(d)! + 1);
      if (kind === 'report') unit.ingest(arrival.report, arrival.sourceTime);
      else if (kind === 'clock') unit.advance(arrival.sourceTime);
      else unit.end(arrival.sourceTime);
    }
    const marker = unit.takeMarker();
    if (marker) outbox.get(d)!.push(marker);
    // Deliver part of this unit's output, in its order; now and then a message arrives twice.
    const box = outbox.get(d)!;
    for (let k = Math.floor(rng() * 30); k > 0 && sent.get(d)! < box.length; k--) {
      const m = box[sent.get(d)!];
      sent.set(d, sent.get(d)! + 1);
      deliver(m);
      if (rng() < 0.05) deliver(m);
      release();
    }
  }
  expect(merger.finished).toBe(true);
  return merged.slice(merged.findIndex((s) => s.series.cells.length > 0));
}

describe('partitioned counting', () => {
  for (const [seed, keepReports] of [
    ['a', false],
    ['b', false],
    ['c', true],
  ] as const) {
    it(
      `gives the whole-city minutes with late, duplicate and interleaved input and restarts (seed ${seed}, reports ` +
        `${keepReports ? 'kept for incidents' : 'not sent'})`,
      () => {
        const arrivals = feed(seed, 3000);
        const expected = wholeCity(arrivals, keepReports);
        const late =
          arrivals.length - expected.reduce((n, s) => n + s.series.cells.reduce((k, c) => k + c.reports, 0), 0);
        expect(late).toBeGreaterThan(100); // the feed really has late reports and duplicates to decide on
        expect(expected.some((m) => m.series.cells.some((c) => c.reportIds.includes('xindu-first')))).toBe(false);
        if (keepReports) expect(expected.some((m) => m.reports.length > 0)).toBe(true);
        expect(partitioned(arrivals, seed, keepReports)).toEqual(expected);
      },
    );
  }

  it('reads what counters sent before issue 13 (whole reports) as the cells they counted', () => {
    const reports = feed('d', 40)
      .map((a) => a.report)
      .filter((r) => r.district === 'gaoxin')
      .sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : 1));
    const minute = Math.floor(reports[0].t / 60_000);
    const inMinute = reports.filter((r) => Math.floor(r.t / 60_000) === minute);
    const old = { kind: 'reports', district: 'gaoxin', minute, reports: inMinute };
    const read = readMerge({ data: new TextEncoder().encode(JSON.stringify(old)) } as JsMsg);
    const expected = wholeCity(
      inMinute.map((report) => ({ report, sourceTime: report.t })),
      true,
    )[0];
    expect(read).toEqual({
      kind: 'minute',
      district: 'gaoxin',
      minute,
      cells: expected.series.cells,
      reports: inMinute,
    });
  });
});
