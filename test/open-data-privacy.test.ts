// What the public can fetch after citizens' reports with identifiers of every kind came in through the gateway: the
// open data (catalogue, daily, hourly, resolved alerts, CSV and JSON), Open311 without a token, an alert as the wall
// reads it and the morning report. No identifier may appear anywhere, while the estate the reports name does; the
// daily CSV parsed back agrees with SQL on the store; small cells are suppressed so that no total gives one away.
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { gatherReport } from '../engine/report/gather-report.ts';
import { renderReportHtml } from '../engine/report/render-report-html.ts';
import { loadProfile } from '../engine/profile/city-profile.ts';
import { addDays } from '../engine/report/report-days.ts';
import { CityClock, DAY_MS } from '../engine/time/event-time.ts';
import { useGateway } from './support/gateway-harness.ts';
import { storeIntake } from './support/store-intake.ts';
import { makeAlert } from './store-fixtures.ts';

const profile = loadProfile('chengdu');
const clock = new CityClock(profile.timezone);

/** Identifiers planted in the texts, each in the form written; none may reach a public answer. */
const PLANTED = {
  mobile: '13912345678',
  spacedMobile: '139 8765 4321',
  fullWidthMobile: '１３８００１３８０００',
  landline: '028-85123456',
  idcard: '510107198503120714',
  bankcard: '6222024402012345678',
  email: 'zhang.wei88@example.com',
  plate: '川A·D12345',
  qq: '2851234567',
  wechat: 'zhangwei_1988',
  name: '王建国',
  door: '2单元301室',
};
const ESTATE = '锦绣花园';

const TEXTS = [
  `${ESTATE}5栋${PLANTED.door}楼上半夜装修噪音扰民，我叫${PLANTED.name}，电话${PLANTED.mobile}`,
  `${ESTATE}门口烧烤店油烟太大，联系电话${PLANTED.spacedMobile}，身份证号${PLANTED.idcard}`,
  `${ESTATE}物业乱收费，退款请打到银行卡${PLANTED.bankcard}，邮箱${PLANTED.email}`,
  `${ESTATE}小区里有车辆${PLANTED.plate}长期占用消防通道，手机${PLANTED.fullWidthMobile}`,
  `${ESTATE}晚上广场舞音响太大声，QQ ${PLANTED.qq}，微信号 ${PLANTED.wechat}，座机${PLANTED.landline}`,
];

/** Every planted value, and its digits alone where it has enough of them to identify someone. */
const FORBIDDEN = Object.values(PLANTED).flatMap((v) => {
  const digits = v.replace(/\D/g, '');
  return digits.length >= 7 && digits !== v ? [v, digits] : [v];
});

function expectClean(surface: string, body: string): void {
  for (const value of FORBIDDEN) expect(body.includes(value), `${surface} shows ${value}`).toBe(false);
}

describe('open data and the public surfaces', () => {
  const h = useGateway({ backend: 'postgres' });
  let base: string;
  const now = Date.now();
  const yesterday = addDays(clock.format(now).slice(0, 10), -1);
  const dayBefore = addDays(yesterday, -1);
  const reportIds: string[] = [];

  beforeAll(async () => {
    base = await h.gateway.app.listen({ port: 0, host: '127.0.0.1' });
    // Yesterday: five noise reports from five people in one estate (each with identifiers), a busy cell of property
    // reports, and small cells of one and two people in other districts, channels and topics. The day before: a few.
    const reports: Array<Record<string, unknown>> = [];
    const at = (day: string, hour: number, minute: number) =>
      clock.format(Date.parse(`${day}T00:00:00+08:00`) + hour * 3_600_000 + minute * 60_000);
    for (const [i, text] of TEXTS.entries())
      reports.push({
        id: `pii-${i}`,
        receivedAt: at(yesterday, 21, i),
        text,
        district: 'wuhou',
        topic: 'noise',
        channel: 'hotline',
        callerId: i === 0 ? PLANTED.mobile : `1380000000${i}`,
        location: { address: `武侯区${ESTATE}5栋${PLANTED.door}`, lat: 30.642_137, lon: 104.043_219 },
      });
    for (let i = 0; i < 36; i++)
      reports.push({
        id: `busy-${i}`,
        receivedAt: at(yesterday, 9, i),
        text: '小区电梯坏了三天物业不修',
        district: ['gaoxin', 'wuhou', 'jinjiang'][i % 3],
        topic: 'property',
        channel: i % 2 ? 'hotline' : 'web',
        callerId: `1370000${String(i % 27).padStart(4, '0')}`,
      });
    reports.push(
      {
        id: 'small-1',
        receivedAt: at(yesterday, 10, 0),
        text: '路灯不亮',
        district: 'jinjiang',
        topic: 'traffic',
        channel: 'app',
        callerId: '13600000001',
      },
      {
        id: 'small-2',
        receivedAt: at(yesterday, 10, 5),
        text: '路灯还是不亮',
        district: 'jinjiang',
        topic: 'traffic',
        channel: 'app',
        callerId: '13600000002',
      },
      {
        id: 'small-3',
        receivedAt: at(yesterday, 11, 0),
        text: '停水了',
        district: 'jinjiang',
        topic: 'utilities',
        channel: 'hotline',
        callerId: '13600000003',
      },
      {
        id: 'old-1',
        receivedAt: at(dayBefore, 8, 0),
        text: '噪音',
        district: 'wuhou',
        topic: 'noise',
        channel: 'hotline',
        callerId: '13500000001',
      },
    );
    const res = await h.gateway.app.inject({
      method: 'POST',
      url: '/api/reports/batch',
      headers: h.auth.officer,
      payload: { reports },
    });
    expect(res.statusCode, res.body).toBe(202);
    await storeIntake(h);
    reportIds.push(...TEXTS.map((_, i) => `pii-${i}`));

    // An alert over the estate's reports, resolved (public), and one still open (not public).
    const opened = Date.parse(`${yesterday}T21:10:00+08:00`);
    const alert = makeAlert('a-estate', opened, {
      kind: 'incident',
      district: 'wuhou',
      topic: 'noise',
      count: 5,
      distinctCallers: 5,
      summary: `${ESTATE} · 噪音扰民：5人反映`,
      reportIds,
    });
    const writer = h.gateway.ctx.store.writer;
    await writer.writeAlertEvents([
      { type: 'alert.opened', alert },
      {
        type: 'alert.resolved',
        alert: { ...alert, status: 'resolved', updatedAt: new Date(opened + 3_600_000).toISOString() },
      },
      { type: 'alert.opened', alert: makeAlert('a-open', opened, { summary: '未办结的预警' }) },
    ]);
    await writer.flush();
  });

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}`, { headers });
    return { status: res.status, headers: res.headers, body: await res.text() };
  };

  it('the stored rows keep callers only as hashes and a redacted text beside the raw one', async () => {
    const rows = await h.gateway.ctx.store.sql.query<{ caller: string; text_redacted: string; raw: unknown }>(
      `SELECT caller, text_redacted, raw FROM reports WHERE id LIKE 'pii-%' ORDER BY id`,
    );
    expect(rows).toHaveLength(TEXTS.length);
    for (const row of rows) {
      expect(row.caller).toMatch(/^h:/);
      expect((row.raw as { callerId: string }).callerId).toBe(row.caller);
      expectClean('text_redacted', row.text_redacted);
      expect(row.text_redacted).toContain(ESTATE);
    }
    expect(rows[0].text_redacted).toContain('[姓名]');
    expect(rows[0].text_redacted).toContain('[电话]');
  });

  it('no public endpoint shows an identifier; the estate is there', async () => {
    const range = `from=${dayBefore}&to=${yesterday}`;
    const hourly = `from=${encodeURIComponent(new Date(now - 3 * DAY_MS).toISOString())}`;
    const paths = [
      '/open-data/v1/',
      `/open-data/v1/daily.csv?${range}`,
      `/open-data/v1/daily.json?${range}`,
      `/open-data/v1/hourly.csv?${hourly}`,
      `/open-data/v1/hourly.json?${hourly}`,
      '/open-data/v1/alerts.csv',
      '/open-data/v1/alerts.json',
      `/open311/v2/requests.json?start_date=${encodeURIComponent(new Date(now - 3 * DAY_MS).toISOString())}`,
      ...reportIds.map((id) => `/open311/v2/requests/${id}.json`),
    ];
    for (const path of paths) {
      const res = await get(path);
      expect(res.status, `${path}: ${res.body.slice(0, 200)}`).toBe(200);
      expectClean(path, res.body);
    }
    const requests = JSON.parse((await get(`/open311/v2/requests/pii-0.json`)).body) as Array<Record<string, unknown>>;
    expect(requests[0].description).toContain(ESTATE);
    expect(requests[0].address).toContain(`${ESTATE}5栋`);
    expect(requests[0]).toMatchObject({ lat: 30.642, long: 104.043 });
    const alerts = JSON.parse((await get('/open-data/v1/alerts.json')).body) as Array<Record<string, unknown>>;
    expect(alerts.map((a) => a.alert_id)).toEqual(['a-estate']);
    expect(alerts[0]).toMatchObject({ kind_name: '事件', district_name: '武侯区', reports: 5, people: 5 });
    expect(String(alerts[0].summary)).toContain(ESTATE);
    expect(alerts[0].minutes_to_resolve).toBe(60);
  });

  it('an officer reads the record as stored; the wall (a viewer) reads the alert texts redacted', async () => {
    const officer = JSON.parse((await get('/open311/v2/requests/pii-0.json', h.auth.officer)).body);
    expect(officer[0].description).toContain(PLANTED.mobile);
    expect(officer[0]).toMatchObject({ lat: 30.642_137, long: 104.043_219 });
    const wall = await get('/api/alerts/a-estate', h.auth.viewer);
    expect(wall.status).toBe(200);
    expectClean('/api/alerts/:id as a viewer', wall.body);
    expect(wall.body).toContain(ESTATE);
    const console = await get('/api/alerts/a-estate', h.auth.officer);
    expect(console.body).toContain(PLANTED.name);
  });

  it('the morning report quotes the reports redacted', async () => {
    const figures = await gatherReport(h.gateway.ctx.store.queries, profile, clock, {
      day: yesterday,
      now,
      source: 'store',
      top: 7,
      events: [],
    });
    const json = JSON.stringify(figures);
    expectClean('morning report JSON', json);
    expectClean('morning report HTML', renderReportHtml(figures));
    expect(json).toContain(ESTATE);
  });

  it('the daily CSV parses back and agrees with SQL; small cells and their complements are suppressed', async () => {
    const res = await get(`/open-data/v1/daily.csv?from=${yesterday}&to=${yesterday}`);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    const rows = parse(res.body, { columns: true }) as Array<Record<string, string>>;
    const sql = await h.gateway.ctx.store.sql.query<{
      district: string;
      topic: string;
      channel: string;
      reports: number;
      people: number;
    }>(
      `SELECT district, topic, channel, count(*)::int AS reports, count(DISTINCT caller)::int AS people FROM reports
        WHERE (received_at AT TIME ZONE 'Asia/Shanghai')::date = $1::date GROUP BY 1, 2, 3`,
      [yesterday],
    );
    const cells = rows.filter((r) => r.level === 'cell');
    expect(cells).toHaveLength(sql.length);
    for (const cell of sql) {
      const row = cells.find(
        (r) => r.district === cell.district && r.topic === cell.topic && r.channel === cell.channel,
      )!;
      expect(row, `${cell.district}/${cell.topic}/${cell.channel}`).toBeDefined();
      if (cell.people < 3) expect(row).toMatchObject({ suppressed: 'true', reports: '', people: '' });
      if (row.suppressed === 'false')
        expect([Number(row.reports), Number(row.people)]).toEqual([cell.reports, cell.people]);
    }
    const day = rows.find((r) => r.level === 'day')!;
    expect(Number(day.reports)).toBe(sql.reduce((n, c) => n + c.reports, 0));
    expect(rows.find((r) => r.level === 'cell' && r.district === 'wuhou')).toMatchObject({
      district_name: '武侯区',
      topic_name: '噪音扰民',
    });
    // Withholding spreads through the relations of a small table, but the busy cells stay published.
    const published = cells.filter((c) => c.suppressed === 'false');
    expect(published.length).toBeGreaterThanOrEqual(2);
    expect(published.every((c) => c.district === 'gaoxin')).toBe(false);
    // No published total gives a suppressed cell away: in every group a total sums, none or at least two are withheld.
    const groups = new Map<string, Array<Record<string, string>>>();
    for (const cell of cells)
      for (const key of [`d:${cell.district}`, `t:${cell.topic}`, `c:${cell.channel}`, 'day'])
        groups.set(key, [...(groups.get(key) ?? []), cell]);
    for (const [key, members] of groups) {
      const hidden = members.filter((m) => m.suppressed === 'true').length;
      const total = rows.find((r) =>
        key === 'day'
          ? r.level === 'day'
          : r.level === { d: 'district', t: 'topic', c: 'channel' }[key[0]] &&
            r[{ d: 'district', t: 'topic', c: 'channel' }[key[0]]!] === key.slice(2),
      )!;
      const hiddenAll = hidden + (total.suppressed === 'true' ? 1 : 0);
      expect(hiddenAll, `group ${key}`).not.toBe(1);
    }
    expect(cells.some((c) => c.suppressed === 'true')).toBe(true);
  });

  it('answers 304 to a matching ETag, a BOM for Excel on request, and 400 naming a bad parameter', async () => {
    const path = `/open-data/v1/daily.csv?from=${yesterday}&to=${yesterday}`;
    const first = await get(path);
    const tag = first.headers.get('etag')!;
    expect(tag).toMatch(/^"/);
    expect(first.headers.get('cache-control')).toMatch(/public, max-age=\d+/);
    expect((await get(path, { 'if-none-match': tag })).status).toBe(304);
    const bom = await fetch(`${base}${path}&bom=true`);
    expect(new Uint8Array(await bom.arrayBuffer()).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
    const bad = await get('/open-data/v1/daily.json?from=2026-13-01');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ code: 'LZ_INVALID_REQUEST' });
    expect(bad.body).toContain('from');
    const future = await get(`/open-data/v1/daily.json?to=${addDays(yesterday, 3)}`);
    expect(future.status).toBe(400);
    expect(future.body).toContain('to');
  });

  it('the catalogue lists each dataset with its columns, licence and distributions', async () => {
    const catalogue = JSON.parse((await get('/open-data/v1/')).body);
    expect(catalogue['@type']).toBe('dcat:Catalog');
    expect(catalogue['dct:license']).toMatch(/creativecommons/);
    const ids = catalogue['dcat:dataset'].map((d: Record<string, unknown>) => d['dct:identifier']);
    expect(ids).toEqual(['daily', 'hourly', 'alerts']);
    const daily = catalogue['dcat:dataset'][0];
    const columns = daily['csvw:tableSchema']['csvw:column'].map((c: Record<string, unknown>) => c['csvw:name']);
    const header = (await get(`/open-data/v1/daily.csv?from=${yesterday}&to=${yesterday}`)).body.split('\r\n')[0];
    expect(header.split(',')).toEqual(columns);
    expect(daily['dcat:distribution'].map((d: Record<string, unknown>) => d['dcat:accessURL'])).toEqual([
      `${base}/open-data/v1/daily.csv`,
      `${base}/open-data/v1/daily.json`,
    ]);
  });
});

describe('open data rate limit', () => {
  const h = useGateway({ limits: { openDataPerMinute: 3 } });

  it('answers 429 with Retry-After past the per-address limit, without a token', async () => {
    const statuses: number[] = [];
    let last = null as Awaited<ReturnType<typeof h.gateway.app.inject>> | null;
    for (let i = 0; i < 5; i++) {
      last = await h.gateway.app.inject({ method: 'GET', url: '/open-data/v1/' });
      statuses.push(last.statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(last!.headers['retry-after']).toBeDefined();
    expect(last!.json()).toMatchObject({ code: 'LZ_RATE_LIMITED' });
  });
});
