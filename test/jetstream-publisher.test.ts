import { describe, expect, it } from 'vitest';
import { HEADERS, STREAMS } from '../engine/stream/nats-names.ts';
import { PipelinedPublisher } from '../engine/stream/pipelined-publisher.ts';
import { readStream } from './support/jetstream-reader.ts';
import { usePrivateNats } from './support/nats-server.ts';

const ctx = usePrivateNats({ streams: true });

const body = (i: number) => new TextEncoder().encode(JSON.stringify({ id: `p-${i}`, n: i }));

describe('pipelined publisher', () => {
  it('keeps many acks in flight but never more than its bound, and stores a repeated Nats-Msg-Id once', async () => {
    let acked = 0;
    const pub = new PipelinedPublisher(ctx.nats.nc, { inFlight: 64, onAck: () => acked++ });
    let maxPending = 0;
    for (let i = 0; i < 2_000; i++) {
      await pub.publish('intake.gaoxin.property', body(i % 1_500), `p-${i % 1_500}`);
      maxPending = Math.max(maxPending, pub.pending);
    }
    await pub.flush();
    pub.close();
    expect(maxPending).toBeLessThanOrEqual(64);
    expect(maxPending).toBeGreaterThan(8);
    expect(acked).toBe(2_000);
    expect(pub.stats).toMatchObject({ published: 1_500, duplicates: 500 });
    expect((await ctx.nats.jsm.streams.info(STREAMS.intake)).state.messages).toBe(1_500);
  });

  it('flush() waits for what was handed over before it, not for a publisher that never goes idle', async () => {
    let producing = true;
    let next = 0;
    const send = () => pub.enqueue('intake.jinjiang.traffic', body(next), `busy-${next++}`);
    // Every ack hands over one more message, so acks are always outstanding while it produces.
    const pub = new PipelinedPublisher(ctx.nats.nc, { inFlight: 256, onAck: () => producing && send() });
    for (let i = 0; i < 100; i++) send();
    const stopAfter = setTimeout(() => (producing = false), 5_000);
    await pub.flush();
    const stillProducing = producing;
    const storedAtFlush = pub.stats.published;
    producing = false;
    clearTimeout(stopAfter);
    await pub.flush();
    pub.close();
    expect(stillProducing).toBe(true);
    expect(storedAtFlush).toBeGreaterThanOrEqual(100);
    expect(pub.stats.published).toBe(next);
  });

  it('survives a server restart mid-run: every message stored once, in publish order', async () => {
    await ctx.nats.jsm.streams.purge(STREAMS.intake);
    const pub = new PipelinedPublisher(ctx.nats.nc, { inFlight: 512, ackTimeoutMs: 1_000 });
    const n = 30_000;
    let restarted: Promise<void> | null = null;
    for (let i = 0; i < n; i++) {
      if (i === 10_000) restarted = ctx.server.restart();
      await pub.publish('intake.wuhou.noise', body(i), `restart-${i}`, { [HEADERS.sourceTime]: String(i) });
    }
    await restarted;
    await pub.flush();
    pub.close();
    expect(pub.stats.retries).toBeGreaterThan(0);
    const stored = await readStream(ctx.server.url, STREAMS.intake);
    expect(stored.map((m) => Number(m.headers[HEADERS.sourceTime]))).toEqual(Array.from({ length: n }, (_, i) => i));
  }, 60_000);

  it('stores a batch on one ack, and every batch once and in order across a server restart', async () => {
    await ctx.nats.jsm.streams.purge(STREAMS.intake);
    let acks = 0;
    const pub = new PipelinedPublisher(ctx.nats.nc, { ackTimeoutMs: 1_000, onAck: () => acks++ });
    const batch = (from: number, size: number) =>
      Array.from({ length: size }, (_, k) => ({
        subject: 'intake.wuhou.noise',
        data: body(from + k),
        msgId: `batch-${from + k}`,
        headers: { [HEADERS.sourceTime]: String(from + k) },
      }));
    pub.enqueueBatch(batch(0, 300));
    await pub.flush();
    expect(acks).toBe(1);
    expect(pub.stats.published).toBe(300);
    const n = 30_000;
    let restarted: Promise<void> | null = null;
    for (let from = 300; from < n; from += 100) {
      if (from === 10_000) restarted = ctx.server.restart();
      pub.enqueueBatch(batch(from, 100));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await restarted;
    await pub.flush();
    pub.close();
    expect(pub.stats.retries).toBeGreaterThan(0);
    const stored = await readStream(ctx.server.url, STREAMS.intake);
    expect(stored.map((m) => Number(m.headers[HEADERS.sourceTime]))).toEqual(Array.from({ length: n }, (_, i) => i));
  }, 60_000);

  it('gives up with a StreamError naming the message when the server stays away', async () => {
    const pub = new PipelinedPublisher(ctx.nats.nc, { ackTimeoutMs: 200, giveUpMs: 1_000 });
    await pub.publish('intake.nowhere', body(1), 'lost-1');
    await expect(pub.flush()).rejects.toThrow(/gave up publishing intake\.nowhere \(Nats-Msg-Id lost-1\)/);
    pub.close();
  });
});
