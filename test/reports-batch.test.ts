// POST /api/reports/batch: up to 1,000 reports answered item by item — the valid ones stored whatever their
// neighbours are, the refused ones naming their fields under /reports/<i>, nothing published for a batch too large.
import { describe, expect, it } from 'vitest';
import { HEADERS, STREAMS } from '../engine/stream/nats-names.ts';
import { CityClock } from '../engine/time/event-time.ts';
import { useGateway, type GatewayHarness } from './support/gateway-harness.ts';
import { readStream } from './support/jetstream-reader.ts';

const clock = new CityClock('Asia/Shanghai');
const TEXTS = [
  '锦江区春熙路路灯不亮',
  '高新区天府三街噪音扰民到凌晨',
  '成华区建设路小区停水一整天',
  '金牛区公交站牌损坏',
];

function reports(prefix: string, n: number) {
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-${i}`,
    receivedAt: clock.format(Date.now() - i * 1000),
    text: TEXTS[i % TEXTS.length],
    callerId: `c-${prefix}-${i}`,
  }));
}

async function postBatch(h: GatewayHarness, body: unknown) {
  return h.gateway.app.inject({
    method: 'POST',
    url: '/api/reports/batch',
    headers: h.auth.intake,
    payload: body as object,
  });
}

async function storedIds(h: GatewayHarness): Promise<string[]> {
  return (await readStream(h.nats.server.url, STREAMS.intake)).map((m) => m.headers[HEADERS.msgId]);
}

describe('POST /api/reports/batch', () => {
  const h = useGateway();

  it('stores a full batch of 1,000 and answers 202 with one result per report, in order', async () => {
    const batch = reports('full', 1_000);
    const res = await postBatch(h, { reports: batch });
    expect(res.statusCode).toBe(202);
    const body = res.json();
    expect(body).toMatchObject({ accepted: 1_000, duplicates: 0, invalid: 0, quarantined: 0 });
    expect(body.results.map((r: { id: string }) => r.id)).toEqual(batch.map((r) => r.id));
    const ids = new Set(await storedIds(h));
    expect(batch.filter((r) => !ids.has(r.id))).toEqual([]);
  });

  it('answers a mixed batch 207: valid ones stored, refused ones named by index, duplicates counted once', async () => {
    const [a, b, c] = reports('mixed', 3);
    const body = {
      reports: [
        a,
        { ...b, text: '' },
        { ...c, receivedAt: '2100-01-01T00:00:00+08:00' },
        'not a report',
        a, // the same id again, in the same batch
        { ...c, id: 'mixed-late-but-fine' },
      ],
    };
    const res = await postBatch(h, body);
    expect(res.statusCode).toBe(207);
    const answer = res.json();
    expect(answer).toMatchObject({ accepted: 3, duplicates: 1, invalid: 2, quarantined: 1 });
    expect(answer.results.map((r: { status: string }) => r.status)).toEqual([
      'accepted',
      'invalid',
      'quarantined',
      'invalid',
      'accepted',
      'accepted',
    ]);
    expect(answer.results[1]).toMatchObject({ index: 1, id: b.id, errors: [{ path: '/reports/1/text' }] });
    expect(answer.results[2].errors[0].path).toBe('/reports/2/receivedAt');
    expect(answer.results[3]).toEqual({
      index: 3,
      id: null,
      status: 'invalid',
      errors: [{ path: '/reports/3', message: 'a report must be a JSON object' }],
    });
    expect([answer.results[0].duplicate, answer.results[4].duplicate]).toEqual([false, true]);
    const ids = await storedIds(h);
    expect(ids.filter((id) => id === a.id)).toHaveLength(1);
    expect(ids).toContain('mixed-late-but-fine');
    expect(ids).not.toContain(b.id);
    expect(ids).not.toContain(c.id);
  });

  it('refuses a batch over the limit as a whole, naming /reports, and stores none of it', async () => {
    const batch = reports('over', 1_001);
    const res = await postBatch(h, { reports: batch });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      code: 'LZ_BATCH_TOO_LARGE',
      message: 'at most 1000 reports a batch',
      errors: [{ path: '/reports', message: '1001 reports, over the 1000 a batch may hold' }],
    });
    expect((await storedIds(h)).filter((id) => id.startsWith('over-'))).toEqual([]);
  });

  it('refuses a body without a list of reports, naming /reports', async () => {
    for (const body of [{}, { reports: [] }, { reports: 'many' }]) {
      const res = await postBatch(h, body);
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toEqual([{ path: '/reports', message: 'expected a non-empty array of reports' }]);
    }
  });

  it('wants an intake key or an officer', async () => {
    const none = await h.gateway.app.inject({ method: 'POST', url: '/api/reports/batch', payload: { reports: [] } });
    expect(none.statusCode).toBe(401);
    const viewer = await h.gateway.app.inject({
      method: 'POST',
      url: '/api/reports/batch',
      headers: h.auth.viewer,
      payload: { reports: reports('viewer', 1) },
    });
    expect(viewer.statusCode).toBe(403);
  });
});
