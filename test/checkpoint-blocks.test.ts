import { describe, expect, it } from 'vitest';
import { BlockWriter } from '../engine/checkpoint/block-writer.ts';
import { BlockReader } from '../engine/checkpoint/block-reader.ts';
import { IdsSchema, type StoredEngine } from '../engine/checkpoint/checkpoint-schemas.ts';
import { decodeEngine, encodeEngine } from '../engine/checkpoint/engine-checkpoint.ts';
import { DetectEngine, type DetectEngineState } from '../engine/detect-engine.ts';
import { Intake } from '../engine/intake/intake.ts';
import type { Report } from '../engine/intake/report.ts';
import { backgroundFeed, byTime } from './support/background-feed.ts';
import { clock, profile } from './support/run-detector.ts';

/**
 * A checkpoint bucket in memory: applies what each capture writes and removes, and tells whether a block is ever
 * written twice.
 */
class MemoryBlocks {
  readonly values = new Map<string, unknown>();
  readonly everWritten = new Set<string>();
  rewritten = 0;
  removed = 0;

  apply(changes: ReturnType<BlockWriter['take']>): void {
    for (const [key, json] of changes.writes) {
      if (this.everWritten.has(key)) this.rewritten++;
      this.everWritten.add(key);
      this.values.set(key, JSON.parse(json));
    }
    for (const key of changes.removes) this.removed += this.values.delete(key) ? 1 : 0;
  }

  get reader(): BlockReader {
    return new BlockReader('t', this.values);
  }
}

describe('checkpoint blocks: long lists written once, block by block', () => {
  it('writes each full block once, keeps the rest inline, and gives up the blocks of a list that is gone', () => {
    const sink = new BlockWriter('t', [], 2);
    const store = new MemoryBlocks();
    const ids = ['a', 'b', 'c'];
    const first = sink.list('ids.1', ids, (s) => [...s]);
    expect(first).toEqual({ blocks: ['t.ids.1.0'], tail: ['c'] });
    store.apply(sink.take());
    ids.push('d', 'e');
    const second = sink.list('ids.1', ids, (s) => [...s]);
    const changes = sink.take();
    expect(changes.writes.map(([key]) => key)).toEqual(['t.ids.1.1']);
    store.apply(changes);
    expect(store.reader.chunks(second, IdsSchema).flat()).toEqual(ids);
    expect(sink.value('minute.5', () => ({ x: 1 }))).toBe('t.minute.5');
    expect(sink.take().removes).toEqual(['t.ids.1.0', 't.ids.1.1']);
  });

  it('a restored writer does not write again what the restored head references', () => {
    const sink = new BlockWriter('t', ['t.ids.1.0'], 2);
    sink.list('ids.1', ['a', 'b', 'c', 'd'], (s) => [...s]);
    expect(sink.take().writes.map(([key]) => key)).toEqual(['t.ids.1.1']);
  });

  it(
    'a whole engine checkpointed in blocks and restored from its last head has its state and continues exactly as ' +
      'the original',
    () => {
      const intake = new Intake(profile, clock, 'none');
      // A busy city (1.3×, which each district's other topics explain) and one cell rising within it, for alerts.
      const reports: Report[] = byTime([
        ...backgroundFeed(profile, '2026-01-05T00:00:00+08:00', '2026-01-07T12:00:00+08:00', 'snap', 1.3),
        ...backgroundFeed(profile, '2026-01-06T07:00:00+08:00', '2026-01-06T19:00:00+08:00', 'rise', 2, [
          'traffic',
        ]).filter((r) => r.district === 'xindu'),
      ]).map((r) => intake.accept(r));
      const engine = (out: unknown[], state?: DetectEngineState) =>
        new DetectEngine(
          { profile, clock, decider: {}, onAlert: (e) => out.push(e), onSeries: (s) => out.push(s) },
          state,
        );
      const whole = (e: DetectEngine) => JSON.parse(JSON.stringify(encodeEngine(e.state())));

      const cut = Math.floor(reports.length * 0.6);
      // Redelivered reports after the cut: from minutes still open (counted once only if their ids were restored) and
      // older ones.
      const rest = [
        ...reports.slice(cut - 20, cut),
        ...reports.slice(cut - 2000, cut).filter((_, i) => i % 50 === 0),
        ...reports.slice(cut),
      ];
      const expected: unknown[] = [];
      const straight = engine(expected);
      for (const r of reports.slice(0, cut)) straight.ingest(r);
      for (const r of rest) expected.push(straight.ingest(r));
      straight.flush();

      const out: unknown[] = [];
      const first = engine(out);
      const sink = new BlockWriter('engine.all.blocks', [], 64);
      const store = new MemoryBlocks();
      let head = '';
      for (let i = 0; i < cut; i++) {
        first.ingest(reports[i]);
        if (i % 500 === 499 || i === cut - 1) {
          head = JSON.stringify(encodeEngine(first.state(), sink));
          store.apply(sink.take());
        }
      }
      expect(store.rewritten).toBe(0);
      expect(store.removed).toBeGreaterThan(0);
      expect(head.length).toBeLessThan(JSON.stringify(encodeEngine(first.state())).length / 2);

      const resumed = engine(out, decodeEngine(JSON.parse(head) as StoredEngine, store.reader));
      expect(whole(resumed)).toEqual(whole(first));
      for (const r of rest) out.push(resumed.ingest(r));
      resumed.flush();
      expect(out.some((x) => typeof x === 'object' && x !== null && 'type' in x)).toBe(true);
      expect(out.filter((x) => x === 'duplicate')).toHaveLength(60);
      expect(out).toEqual(expected);
    },
  );
});
