// A running engine's /metrics (Prometheus text, scraped over HTTP) and its detection of holes in INTAKE's
// sequence: messages deleted from the stream before the engine read them are warned about with their range
// and counted, never skipped silently. Against a real nats-server.
import { describe, expect, it } from 'vitest';
import { CHECKPOINT_KEYS, STREAMS } from '../engine/stream/nats-names.ts';
import { waitForCheckpoint } from './support/checkpoint-watch.ts';
import { startLiveEngine, type Running } from './support/lizheng-process.ts';
import { freePort, usePrivateNats } from './support/nats-server.ts';
import { settledJson } from './support/settled-json.ts';

const ctx = usePrivateNats({ streams: true });

/** Reports settled as replay publishes them (INTAKE carries settled reports), timed now. */
async function publishReports(from: number, to: number): Promise<void> {
  const now = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 19) + '+08:00';
  for (let i = from; i < to; i++) {
    const payload = settledJson({
      id: `m-${i}`,
      receivedAt: now,
      text: '电梯坏了',
      district: 'gaoxin',
      topic: 'property',
    });
    await ctx.nats.js.publish('intake.gaoxin.property', payload, { msgID: `m-${i}` });
  }
}

const startEngine = (port: number): Promise<Running> => startLiveEngine(ctx.server.url, port);

/** One sample of the scraped text, by metric name and labels as written. */
const sample = (text: string, series: string): number => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  if (!line) throw new Error(`no ${series} in\n${text}`);
  return Number(line.slice(series.length + 1));
};

describe('a live engine', () => {
  it('serves Prometheus metrics beside /health, and warns about and counts a hole in the stream sequence', async () => {
    const port = await freePort();
    let engine = await startEngine(port);
    await publishReports(0, 10);
    expect(await waitForCheckpoint(ctx.server.url, CHECKPOINT_KEYS.whole, 9)).toBe(10);

    const scrape = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await scrape.text();
    expect(text).toContain('# TYPE lizheng_messages_total counter');
    expect(sample(text, 'lizheng_messages_total{role="engine.all"}')).toBe(10);
    expect(sample(text, 'lizheng_counted_total{role="engine.all"}')).toBe(10);
    expect(sample(text, 'lizheng_duplicates_total{role="engine.all"}')).toBe(0);
    expect(sample(text, 'lizheng_dead_letters_total{role="engine.all"}')).toBe(0);
    expect(text).toMatch(/^lizheng_quarantined_total\{role="engine\.all"(,reason="[\w-]+")?\} 0$/m);
    expect(sample(text, 'lizheng_checkpoints_total{role="engine.all"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'lizheng_checkpoint_age_seconds{role="engine.all"}')).toBeLessThan(5);
    expect(sample(text, 'lizheng_lease_held{role="engine.all"}')).toBe(1);
    expect(sample(text, 'lizheng_stream_gaps_total{role="engine.all"}')).toBe(0);

    // Stopped; ten more arrive and two of them are deleted before the engine comes back.
    engine.child.kill('SIGTERM');
    expect((await engine.done).code).toBe(0);
    await publishReports(10, 20);
    await ctx.nats.jsm.streams.deleteMessage(STREAMS.intake, 13);
    await ctx.nats.jsm.streams.deleteMessage(STREAMS.intake, 14);
    engine = await startEngine(port);
    expect(await waitForCheckpoint(ctx.server.url, CHECKPOINT_KEYS.whole, 19)).toBe(20);
    const health = await (await fetch(`http://127.0.0.1:${port}/health`)).json();
    expect(health).toMatchObject({ streamGaps: 1, missingMessages: 2, processed: 18, leaseHeld: true });
    const after = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(sample(after, 'lizheng_stream_gaps_total{role="engine.all"}')).toBe(1);
    expect(sample(after, 'lizheng_missing_messages_total{role="engine.all"}')).toBe(2);

    engine.child.kill('SIGTERM');
    const done = await engine.done;
    expect(done.code, done.stderr).toBe(0);
    expect(done.stderr).toMatch(/WARNING: INTAKE seq 13–14 \(2 messages\) never delivered, deleted from the stream/);
    expect(done.stderr).toMatch(
      /engine: this run: 8 messages, 8 counted.*; since the checkpoint's start: 18 messages, 18 counted/,
    );
  }, 90_000);
});
