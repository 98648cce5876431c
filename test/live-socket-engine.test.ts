// End to end: reports replayed into INTAKE, the real engine counting and deciding, and a socket client on the
// gateway receiving every alert event the engine put on ALERTS, in order, plus the closed minutes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREAMS } from '../engine/stream/nats-names.ts';
import { useGateway } from './support/gateway-harness.ts';
import { connectLive, type LiveClient } from './support/live-client.ts';
import { runLizheng } from './support/lizheng-process.ts';

describe('live socket with the real engine', () => {
  const h = useGateway();
  const dir = mkdtempSync(join(tmpdir(), 'lizheng-live-'));
  let client: LiveClient;

  beforeAll(async () => {
    const url = await h.gateway.app.listen({ port: 0, host: '127.0.0.1' });
    client = await connectLive(url, { token: h.tokens.tokenFor('viewer')! });
    await runLizheng(['generate', '--days', '7', '--seed', '3', '--out', dir]);
  }, 120_000);
  afterAll(() => {
    client?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pushes every alert event the engine publishes for a replayed week, in stream order', async () => {
    const natsUrl = h.nats.server.url;
    await runLizheng(['replay', '--input', join(dir, 'feed.ndjson'), '--nats', natsUrl, '--no-progress']);
    await runLizheng(['engine', '--replay', '--nats', natsUrl]);
    const published = (await h.nats.nats.jsm.streams.info(STREAMS.alerts)).state.messages;
    expect(published).toBeGreaterThan(5);
    await client.until('every alert event', () => client.of('alert').length === published, 60_000);
    const seqs = client.of('alert').map((c) => c.seq);
    expect(seqs).toEqual(Array.from({ length: published }, (_, i) => i + 1));
    expect(new Set(client.of('alert').map((c) => c.type))).toContain('alert.opened');
    expect(client.board.size).toBeGreaterThan(0);
    // A week of closed minutes as the city's totals (no trend followed: no cell's own minutes).
    const city = client.of('series').flatMap((d) => d.city);
    expect(new Set(city.map((m) => m.minute)).size).toBeGreaterThan(1000);
    expect(client.of('series').flatMap((d) => d.minutes)).toEqual([]);
  }, 240_000);
});
