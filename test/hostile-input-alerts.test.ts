// One bad report must never blind the city: hostile lines of every kind, inserted at random places of a generated
// week, leave the alert stream byte for byte as the clean feed's — through `detect`, and through replay + engine.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_KINDS, insertHostileLines } from '../engine/generate/hostile-lines.ts';
import { loadProfile } from '../engine/profile/city-profile.ts';
import { clockEnvelope } from '../engine/stream/intake-message.ts';
import { HEADERS, STREAMS } from '../engine/stream/nats-names.ts';
import { unitCodes } from '../engine/stream/service-lifecycle.ts';
import { useGateway } from './support/gateway-harness.ts';
import { alertLines, readStream } from './support/jetstream-reader.ts';
import { PrivateNatsServer } from './support/nats-server.ts';
import { runLizheng } from './support/lizheng-process.ts';
import { replayFixture, type ReplayFixture } from './support/replay-fixture.ts';

let fx: ReplayFixture;
let clean: string[];
const dir = mkdtempSync(join(tmpdir(), 'lizheng-hostile-'));

beforeAll(async () => {
  fx = await replayFixture(7);
  clean = readFileSync(fx.feed, 'utf8').trimEnd().split('\n');
}, 120_000);
afterAll(async () => {
  await fx?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * The clean feed with `perKind` lines of every hostile kind at random places; returns its path and the inserted lines.
 */
function hostileFeed(seed: string, perKind: number) {
  const feed = insertHostileLines(clean, { seed, perKind });
  const path = join(dir, `hostile-${seed}.ndjson`);
  writeFileSync(path, feed.bytes);
  return { path, inserted: feed.inserted };
}

describe('hostile input', () => {
  it.each(['1', '2', '3', '4'])(
    'detect: hostile lines (seed %s) change no alert, and each is named by its line',
    async (seed) => {
      expect(fx.expected.split('\n').length).toBeGreaterThan(100);
      const { path, inserted } = hostileFeed(seed, 4);
      const run = await runLizheng(['detect', '--input', path, '--no-progress']);
      expect(run.stdout).toBe(fx.expected);
      for (const { line } of inserted) expect(run.stderr).toMatch(new RegExp(`^line ${line}: `, 'm'));
      // Terminal escapes in a bad line are written escaped, never raw.
      expect(run.stderr).not.toContain('\u001b');
      expect(run.stderr).toMatch(
        new RegExp(`${clean.length} counted, 0 duplicates, 0 late, \\d+ quarantined for their time`),
      );
    },
    120_000,
  );

  it("replay + engine --replay: the hostile feed gives the clean feed's alerts, bad lines rejected before " +
    'publishing', async () => {
    const { path, inserted } = hostileFeed('9', 3);
    const replay = await runLizheng(['replay', '--input', path, '--nats', fx.server.url, '--no-progress']);
    expect(replay.stdout).toMatch(
      new RegExp(`^replay: ${clean.length} published, 0 duplicates, ${inserted.length} rejected`),
    );
    const engine = await runLizheng(['engine', '--replay', '--print', '--nats', fx.server.url]);
    expect(engine.stdout).toBe(fx.expected);
    expect(await alertLines(fx.server.url)).toBe(fx.expected);
  }, 180_000);

  it('engine --replay quarantines to intake.dead the wrong times a lax publisher let through, and still gives the ' +
    'clean alerts', async () => {
    const server = await PrivateNatsServer.start();
    try {
      const { path, inserted } = hostileFeed('10', 3);
      const wrongTimes = inserted.filter(({ kind }) =>
        ['year-2100', 'day-ahead', 'utc-as-local', 'hour-ahead'].includes(kind),
      ).length;
      // A publisher whose own gate lets anything through: the engine must not trust it.
      const replay = await runLizheng([
        'replay',
        '--input',
        path,
        '--nats',
        server.url,
        '--no-progress',
        '--max-ahead',
        '100000000',
      ]);
      expect(replay.stdout).toMatch(new RegExp(`^replay: ${clean.length + wrongTimes} published`));
      const engine = await runLizheng(['engine', '--replay', '--print', '--nats', server.url]);
      expect(engine.stdout).toBe(fx.expected);
      const dead = await readStream(server.url, STREAMS.dead);
      expect(dead).toHaveLength(wrongTimes);
      for (const letter of dead)
        expect(letter.headers[HEADERS.reason]).toMatch(
          /^receivedAt: quarantined \(ahead\): "\d{4}-.*ahead of the feed/,
        );
    } finally {
      await server.dispose();
    }
  }, 180_000);

  it('covers every kind of hostile line the issue lists', () => {
    expect([...HOSTILE_KINDS].sort()).toEqual([
      'control-chars',
      'day-ahead',
      'garbage',
      'hour-ahead',
      'impossible-date',
      'no-offset',
      'not-an-object',
      'oversized',
      'truncated-json',
      'utc-as-local',
      'wrong-type',
      'year-2100',
    ]);
  });
});

describe('hostile input over HTTP', () => {
  // Event time, as in a replay or demo: the engine's gate judges times, the gateway refuses what is not a report.
  const h = useGateway({ clock: 'event' });

  it("reports posted to the gateway, hostile ones among them, give the clean feed's alerts", async () => {
    const { path, inserted } = hostileFeed('11', 3);
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    const post = (url: string, payload: string) =>
      h.gateway.app.inject({
        method: 'POST',
        url,
        // The merged feed of every channel: an officer's token (an intake key speaks for one channel only).
        headers: { ...h.auth.officer, 'content-type': 'application/json' },
        payload,
      });
    let accepted = 0;
    let refused = 0;
    let batch: string[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const res = await post('/api/reports/batch', `{"reports":[${batch.join(',')}]}`);
      expect([202, 207]).toContain(res.statusCode);
      accepted += res.json().accepted;
      refused += res.json().invalid;
      batch = [];
    };
    // Lines that parse go in batches, in feed order; the rest alone, as the broken bodies they are.
    for (const line of lines) {
      let parses = true;
      try {
        JSON.parse(line);
      } catch {
        parses = false;
      }
      if (parses) {
        batch.push(line);
        if (batch.length === 1_000) await flush();
        continue;
      }
      await flush();
      const res = await post('/api/reports', line);
      expect(res.statusCode).toBe(400);
      expect(res.body).not.toContain('\u001b');
      refused++;
    }
    await flush();
    const wrongTimes = inserted.filter(({ kind }) =>
      ['year-2100', 'day-ahead', 'utc-as-local', 'hour-ahead'].includes(kind),
    ).length;
    // Every clean report published; the wrong times too (the engine's gate, not the gateway, judges them live-less).
    expect(accepted).toBe(clean.length + wrongTimes);
    expect(refused).toBe(inserted.length - wrongTimes);
    const end = Math.max(...clean.map((l) => Date.parse(JSON.parse(l).receivedAt)));
    for (const district of unitCodes(loadProfile('chengdu'))) {
      const marker = clockEnvelope(district, end, true);
      await h.gateway.ctx.publisher.publish(marker.subject, new Uint8Array(0), marker.msgId, marker.headers);
    }
    await h.gateway.ctx.publisher.flush();
    const engine = await runLizheng(['engine', '--replay', '--print', '--nats', h.nats.server.url]);
    expect(engine.stdout).toBe(fx.expected);
    expect(await readStream(h.nats.server.url, STREAMS.dead)).toHaveLength(wrongTimes);
  }, 300_000);
});
