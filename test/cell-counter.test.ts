import { describe, expect, it } from 'vitest';
import { CellCounter } from '../engine/windows/cell-counter.ts';
import { fromColumns, type CountedColumns } from '../engine/checkpoint/counted-columns.ts';
import { decodeCounter, encodeCounter } from '../engine/checkpoint/counter-checkpoint.ts';
import { BlockReader } from '../engine/checkpoint/block-reader.ts';
import type { MinuteSeries } from '../engine/windows/minute-series.ts';
import type { Report } from '../engine/intake/report.ts';

const T0 = Date.parse('2026-01-05T10:00:00+08:00');
const rep = (id: string, sec: number, caller = id, district = 'gaoxin', topic = 'property'): Report => ({
  id,
  t: T0 + sec * 1000,
  district,
  topic,
  caller,
  text: 'x',
  channel: null,
  raw: { id, receivedAt: '', text: 'x' },
});

function counter(latenessMs = 120_000) {
  const closed: MinuteSeries[] = [];
  const c = new CellCounter({ latenessMs, onMinute: (s) => closed.push(s) });
  return { c, closed };
}

describe('cell counter: minute buckets closed by the watermark', () => {
  it('closes a minute only once the watermark (max event time − lateness) passes its end', () => {
    const { c, closed } = counter();
    c.ingest(rep('a', 10));
    c.ingest(rep('b', 150)); // 10:02:30 → watermark 10:00:30: minute 10:00 still open
    expect(closed.filter((s) => s.cells.length).length).toBe(0);
    c.ingest(rep('c', 185)); // watermark 10:01:05 → minute 10:00 closes
    const first = closed.find((s) => s.cells.length)!;
    expect(first.minute * 60_000).toBe(T0);
    expect(first.cells[0]).toMatchObject({
      district: 'gaoxin',
      topic: 'property',
      reports: 1,
      callers: ['a'],
      reportIds: ['a'],
    });
  });

  it('tells how much event time is left until the watermark closes its next minute', () => {
    const { c, closed } = counter();
    expect(c.untilNextClose).toBe(Infinity);
    c.ingest(rep('a', 0));
    expect(c.untilNextClose).toBe(60_000);
    c.ingest(rep('b', 30));
    expect(c.untilNextClose).toBe(30_000);
    c.ingest(rep('c', 60));
    expect(closed).toHaveLength(1);
    expect(c.untilNextClose).toBe(60_000);
  });

  it('counts out-of-order reports inside the lateness bound in their own minute', () => {
    const { c, closed } = counter();
    c.ingest(rep('late-but-ok', 100));
    c.ingest(rep('early', 30)); // arrives after a later report, still within 2 minutes
    c.flush();
    const minute0 = closed.find((s) => s.minute * 60_000 === T0)!;
    expect(minute0.cells[0].reportIds).toEqual(['early']);
  });

  it('flags a report whose minute already closed as late and never adds it to a closed minute', () => {
    const { c, closed } = counter();
    c.ingest(rep('a', 0));
    c.ingest(rep('b', 600)); // watermark 10:08 → minutes up to 10:07 closed
    expect(c.ingest(rep('straggler', 60))).toBe('late');
    expect(c.lateCount).toBe(1);
    c.flush();
    expect(closed.flatMap((s) => s.cells.flatMap((x) => x.reportIds))).not.toContain('straggler');
  });

  it('recognises a redelivered id within the horizon and counts it once', () => {
    const { c, closed } = counter();
    expect(c.ingest(rep('a', 0))).toBe('counted');
    expect(c.ingest(rep('a', 0))).toBe('duplicate');
    c.ingest(rep('b', 900));
    expect(c.ingest(rep('a', 0))).toBe('duplicate'); // its minute closed, but the id is remembered
    c.flush();
    expect(closed.flatMap((s) => s.cells.flatMap((x) => x.reportIds)).filter((id) => id === 'a')).toHaveLength(1);
  });

  it('remembers an id for at least the horizon and forgets it within twice the horizon', () => {
    const closed: MinuteSeries[] = [];
    const c = new CellCounter({ latenessMs: 0, horizonMinutes: 10, onMinute: (s) => closed.push(s) });
    c.ingest(rep('a', 0));
    for (let minute = 1; minute <= 10; minute++) c.ingest(rep(`fill-${minute}`, minute * 60));
    expect(c.ingest(rep('a', 660))).toBe('duplicate'); // 11 minutes on: inside the horizon
    for (let minute = 12; minute <= 22; minute++) c.ingest(rep(`fill-${minute}`, minute * 60));
    expect(c.ingest(rep('a', 23 * 60))).toBe('counted'); // 23 minutes on: past twice the horizon
  });

  it(
    'started at a source time, judges a report late or not ' + 'exactly as a counter that has seen the city up to then',
    () => {
      const closed: MinuteSeries[] = [];
      const c = new CellCounter({ startAt: T0 + 300_000, onMinute: (s) => closed.push(s) });
      expect(c.ingest(rep('old', 100))).toBe('late'); // before the minute of T0 + 5 min − 2 min lateness
      expect(c.ingest(rep('new', 190))).toBe('counted');
      c.flush();
      expect(closed[0].minute * 60_000).toBe(T0 + 180_000);
    },
  );

  it('emits every minute in order, empty ones included, and dedups callers within a minute', () => {
    const { c, closed } = counter();
    c.ingest(rep('a', 0, 'same'));
    c.ingest(rep('b', 20, 'same'));
    c.ingest(rep('c', 400));
    c.flush();
    const minutes = closed.map((s) => s.minute);
    expect(minutes).toEqual([...minutes].sort((a, b) => a - b));
    expect(new Set(minutes.slice(1).map((m, i) => m - minutes[i]))).toEqual(new Set([1]));
    expect(closed.find((s) => s.minute * 60_000 === T0)!.cells[0]).toMatchObject({ reports: 2, callers: ['same'] });
  });

  it('restores from a snapshot and continues exactly as the original', () => {
    const feed = [
      rep('a', 0),
      rep('b', 70),
      rep('c', 130),
      rep('d', 200),
      rep('e', 260, 'x', 'wuhou', 'noise'),
      rep('f', 400),
    ];
    const straight = counter();
    for (const r of feed) straight.c.ingest(r);
    straight.c.flush();

    const first = counter();
    for (const r of feed.slice(0, 3)) first.c.ingest(r);
    const resumed: MinuteSeries[] = [...first.closed];
    const second = CellCounter.fromState(throughJson(first.c), { onMinute: (s) => resumed.push(s) });
    expect(second.ingest(rep('b', 70))).toBe('duplicate');
    for (const r of feed.slice(3)) second.ingest(r);
    second.flush();
    expect(resumed).toEqual(straight.closed);
  });

  it(
    'without keepReports gives the same series, hands on no reports and its checkpoint keeps only counted fields, ' +
      'as columns',
    () => {
      const feed = [rep('a', 0), rep('b', 20, 'a'), rep('c', 70, 'c', 'wuhou', 'noise'), rep('d', 130), rep('e', 400)];
      const whole: Array<[MinuteSeries, number]> = [];
      const counted: Array<[MinuteSeries, number]> = [];
      const keep = new CellCounter({ onMinute: (s, r) => whole.push([s, r.length]) });
      const slim = new CellCounter({ keepReports: false, onMinute: (s, r) => counted.push([s, r.length]) });
      for (const r of feed.slice(0, 3)) {
        keep.ingest(r);
        slim.ingest(r);
      }
      const open = encodeCounter(slim.state()).open.map(([, held]) => held);
      expect(open.some((held) => Array.isArray(held))).toBe(false);
      expect(open.flatMap((held) => fromColumns(held as CountedColumns))).toEqual(
        feed.slice(0, 3).map(({ id, t, district, topic, caller }) => ({ id, t, district, topic, caller })),
      );
      for (const r of feed.slice(3)) {
        keep.ingest(r);
        slim.ingest(r);
      }
      keep.flush();
      slim.flush();
      expect(counted.map(([s]) => s)).toEqual(whole.map(([s]) => s));
      expect(whole.reduce((a, [, n]) => a + n, 0)).toBe(feed.length);
      expect(counted.every(([, n]) => n === 0)).toBe(true);
    },
  );

  it('restored from a counted-only checkpoint into a counter that keeps reports, hands on only the whole ones', () => {
    const slim = new CellCounter({ keepReports: false, onMinute: () => {} });
    slim.ingest(rep('a', 0));
    const handed: string[] = [];
    const closed: MinuteSeries[] = [];
    const keep = CellCounter.fromState(throughJson(slim), {
      onMinute: (s, r) => {
        closed.push(s);
        handed.push(...r.map((x) => x.id));
      },
    });
    keep.ingest(rep('b', 10));
    keep.ingest(rep('c', 400));
    keep.flush();
    expect(closed.find((s) => s.minute * 60_000 === T0)!.cells[0].reportIds).toEqual(['a', 'b']);
    expect(handed).toEqual(['b', 'c']);
  });
});

/** A counter's state as a checkpoint stores it (JSON included) and reads it back. */
function throughJson(c: CellCounter) {
  return decodeCounter(JSON.parse(JSON.stringify(encodeCounter(c.state()))), BlockReader.none('test'));
}
