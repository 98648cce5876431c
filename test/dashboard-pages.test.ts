// The gateway serves the dashboard: the pages and the bundle built by scripts/build-dashboard.mjs, a clear 503 when
// it was never built, no file outside the bundle, the CSP kept; and the profile and identity the pages read.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessTokens, generateAccess } from '../gateway/access-tokens.ts';
import { openGateway, type OpenGateway } from '../gateway/open-gateway.ts';
import { loadProfile } from '../engine/profile/city-profile.ts';
import { disposeTestStore, openTestStore } from './store-fixtures.ts';
import { usePrivateNats } from './support/nats-server.ts';

const run = promisify(execFile);

describe('dashboard pages and the profile they read', () => {
  const nats = usePrivateNats({ streams: true });
  const tokens = new AccessTokens(generateAccess());
  const bearer = (role: 'viewer' | 'officer') => ({ authorization: `Bearer ${tokens.tokenFor(role)}` });
  let built: string;
  let unbuilt: string;
  let store: Awaited<ReturnType<typeof openTestStore>>;
  let gateway: OpenGateway;
  let bare: OpenGateway;

  beforeAll(async () => {
    built = await mkdtemp(join(tmpdir(), 'lizheng-dashboard-'));
    unbuilt = await mkdtemp(join(tmpdir(), 'lizheng-no-dashboard-'));
    await run(process.execPath, ['scripts/build-dashboard.mjs', built]);
    store = await openTestStore('pglite');
    const parts = { profile: loadProfile('chengdu'), nats: nats.nats, store: store.store, access: tokens };
    gateway = await openGateway(parts, { dashboardDir: built });
    bare = await openGateway(parts, { dashboardDir: unbuilt });
  }, 120_000);
  afterAll(async () => {
    await gateway?.close();
    await bare?.close();
    if (store) await disposeTestStore(store, 'pglite');
    await rm(built, { recursive: true, force: true });
    await rm(unbuilt, { recursive: true, force: true });
  });

  it('serves the wall page with a kiosk token, its bundle from the same origin, no inline script', async () => {
    const page = await gateway.app.inject({ url: `/wall?token=${tokens.tokenFor('viewer')}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('<script type="module" src="/dashboard/wall.js"></script>');
    expect(page.body).not.toMatch(/<script>|<script type="module">/);
    expect(String(page.headers['content-security-policy'])).toMatch(/script-src 'self'(;|$)/);

    const script = await gateway.app.inject({ url: '/dashboard/wall.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
    expect(script.body).toContain('lz-wall'); // the custom element the page holds
    expect(script.body).not.toMatch(/from ?["'](lit|d3|socket\.io-client)["']/); // bundled: no bare imports left
    expect((await gateway.app.inject({ url: '/dashboard/wall.js.map' })).statusCode).toBe(200);
    expect((await gateway.app.inject({ url: '/console' })).statusCode).toBe(200);
  });

  it('answers 404 for a file the bundle lacks and serves nothing outside it', async () => {
    const missing = await gateway.app.inject({ url: '/dashboard/nope.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('LZ_NOT_FOUND');
    for (const url of ['/dashboard/..%2Fpackage.json', '/dashboard/../package.json', '/dashboard/%2E%2E']) {
      const answer = await gateway.app.inject({ url });
      expect(answer.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(answer.body, url).not.toContain('"lizheng"');
    }
  });

  it('answers 503 naming `npm run build` when the dashboard was never built', async () => {
    for (const url of ['/wall', '/console', '/dashboard/wall.js']) {
      const answer = await bare.app.inject({ url });
      expect(answer.statusCode, url).toBe(503);
      expect(answer.json().code).toBe('LZ_DASHBOARD_NOT_BUILT');
      expect(answer.json().message).toContain('npm run build');
    }
  });

  it('gives a viewer the districts on a tile map keeping neighbours in place, the topics with units', async () => {
    expect((await gateway.app.inject({ url: '/api/profile' })).statusCode).toBe(401);
    const answer = await gateway.app.inject({ url: '/api/profile', headers: bearer('viewer') });
    expect(answer.statusCode).toBe(200);
    const profile = answer.json() as {
      districts: { code: string; name: string; cartogram: { row: number; col: number } | null }[];
      topics: { code: string; name: string; unit: string }[];
    };
    expect(profile.districts).toHaveLength(23);
    const at = new Map(profile.districts.map((d) => [d.code, d.cartogram!]));
    expect([...at.values()].every((c) => c !== null)).toBe(true);
    expect(new Set([...at.values()].map((c) => `${c.row},${c.col}`)).size).toBe(23);
    const north = (a: string, b: string) => expect(at.get(a)!.row, `${a} north of ${b}`).toBeLessThan(at.get(b)!.row);
    const west = (a: string, b: string) => expect(at.get(a)!.col, `${a} west of ${b}`).toBeLessThan(at.get(b)!.col);
    north('xindu', 'jinniu');
    north('jinniu', 'wuhou');
    north('gaoxin', 'tianfu');
    west('pidu', 'jinniu');
    west('qingyang', 'jinjiang');
    west('chenghua', 'longquanyi');
    expect(profile.districts.find((d) => d.code === 'gaoxin')?.name).toBe('高新区');
    expect(profile.topics.find((t) => t.code === 'traffic')).toMatchObject({ name: '交通出行' });
    expect(profile.topics.every((t) => t.unit.length > 0)).toBe(true);
  });

  it("tells a page its token's role, and refuses an intake key", async () => {
    const officer = await gateway.app.inject({ url: '/api/whoami', headers: bearer('officer') });
    expect(officer.json()).toMatchObject({ role: 'officer' });
    const key = await gateway.app.inject({
      url: '/api/whoami',
      headers: { 'x-api-key': tokens.access.apiKeys[0].key },
    });
    expect(key.statusCode).toBe(403);
  });
});
