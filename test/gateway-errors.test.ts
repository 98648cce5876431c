// The gateway's answers to requests it cannot serve: JSON 404 and 405, 401 and 403 by role, no stack trace.
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { buildGateway, withoutSecrets } from '../gateway/build-gateway.ts';
import { useGateway } from './support/gateway-harness.ts';

describe('gateway error replies', () => {
  const h = useGateway();

  it('answers an unknown route with a JSON 404 naming it', async () => {
    const res = await h.gateway.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ code: 'LZ_NOT_FOUND', message: 'no route GET /api/nothing-here' });
  });

  it('answers a known route with the wrong method with 405 and Allow', async () => {
    const res = await h.gateway.app.inject({ method: 'DELETE', url: '/health' });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe('GET');
    expect(res.json().code).toBe('LZ_METHOD_NOT_ALLOWED');
  });

  it('is alive and says what the feed clock reads', async () => {
    const res = await h.gateway.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(Date.parse(res.json().feedTime)).toBeGreaterThan(Date.parse('2026-01-01'));
  });

  it('is not ready while no engine has reported, and says which check failed', async () => {
    const res = await h.gateway.app.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).toBe(503);
    const checks = Object.fromEntries(res.json().checks.map((c: { name: string; ok: boolean }) => [c.name, c.ok]));
    expect(checks).toEqual({ nats: true, store: true, engine: false });
  });

  it('serves Prometheus metrics and the OpenAPI document', async () => {
    const metrics = await h.gateway.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/lizheng_gateway_process_cpu_seconds_total/);
    const docs = await h.gateway.app.inject({ method: 'GET', url: '/docs/json' });
    expect(docs.json().openapi).toBe('3.0.3');
  });

  it('sets security headers', async () => {
    const res = await h.gateway.app.inject({ method: 'GET', url: '/health' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBeDefined();
  });
});

describe('gateway request log', () => {
  const h = useGateway();

  it('writes one JSON line per request, naming who asked, with no secret in it', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    // A second app on the same services, with its own metrics (names register once per registry).
    const app = await buildGateway({ ...h.gateway.ctx, metrics: new Registry() }, { logger });
    try {
      const token = h.tokens.tokenFor('viewer')!;
      await app.inject({ method: 'GET', url: `/api/alerts?token=${token}` });
      await app.inject({ method: 'GET', url: '/nowhere' });
    } finally {
      await app.close();
    }
    const requests = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request');
    expect(requests.map((r) => [r.method, r.status, r.who])).toEqual([
      ['GET', 200, 'viewer (generated)'],
      ['GET', 404, null],
    ]);
    expect(lines.filter((l) => /incoming request|request completed/.test(l))).toEqual([]);
    expect(lines.join('\n')).not.toContain(h.tokens.tokenFor('viewer'));
  });

  it('keeps the kiosk token and api_key out of a logged URL', () => {
    expect(withoutSecrets('/wall?token=abc&x=1')).toBe('/wall?token=…&x=1');
    expect(withoutSecrets('/open311/v2/requests.json?jurisdiction_id=cd&API_KEY=k')).toBe(
      '/open311/v2/requests.json?jurisdiction_id=cd&API_KEY=…',
    );
    expect(withoutSecrets('/api/alerts?status=open')).toBe('/api/alerts?status=open');
  });
});

describe('gateway CORS', () => {
  const h = useGateway({ limits: { corsOrigins: ['https://wall.example.cn'] } });

  it('lets the configured origin call from a browser, and no other', async () => {
    const ask = (origin: string) =>
      h.gateway.app.inject({
        method: 'OPTIONS',
        url: '/api/alerts',
        headers: { origin, 'access-control-request-method': 'GET' },
      });
    expect((await ask('https://wall.example.cn')).headers['access-control-allow-origin']).toBe(
      'https://wall.example.cn',
    );
    expect((await ask('https://evil.example.com')).headers['access-control-allow-origin']).toBeUndefined();
  });
});
