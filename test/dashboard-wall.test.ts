// The wall in real Chromium on the real platform: a generated feed with an injected incident is replayed while the
// wall watches; the alert reaches the ticker and outlines its cell, the header agrees with GET /api/summary, the
// clock is the feed's, and the page logs no error. A district alert (every topic of one district, topic null) reads
// 全区 · 锦江区 · 各类诉求 in the ticker, counts in the header and marks its district on the map.
import { describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LiveAlert } from '../schemas/alert-workflow.ts';
import type { LiveKpis } from '../schemas/live-events.ts';
import { SUBJECTS } from '../engine/stream/nats-names.ts';
import { makeAlert } from './store-fixtures.ts';
import { SHOWN_WITHIN_MS, useBrowser } from './support/browser.ts';
import { useDashboardStack } from './support/dashboard-stack.ts';

describe('the wall display in Chromium', () => {
  const stack = useDashboardStack();
  const browser = useBrowser();

  it("shows the incident's alert in the ticker with its cell outlined, the feed's clock, and the summary's figures", async () => {
    const page = await browser.session.open('wall', `${stack.url}/wall?token=${stack.token('viewer')}`);
    await browser.session.shown(page, '[data-testid=connection][data-state=live]');
    // The kiosk token is spent: it leaves the address bar (and so the history and any screenshot of it).
    expect(page.url()).toBe(`${stack.url}/wall`);

    const { surge, lines } = stack.incident();
    stack.play(lines);
    // The store trails the socket: once it lists the alert, the wall has long had it.
    const cellAlerts = `/api/alerts?district=${surge.district}&topic=${surge.topic}`;
    await expect
      .poll(async () => (await stack.api<{ items: LiveAlert[] }>(cellAlerts)).items.length, {
        timeout: 90_000,
        interval: 500,
      })
      .toBeGreaterThan(0);
    const alerts = (await stack.api<{ items: LiveAlert[] }>(cellAlerts)).items;
    for (const alert of alerts) {
      await browser.session.shown(page, `[data-testid=ticker-row][data-alert-id="${alert.id}"][data-status=open]`);
    }
    const cell = page.locator(`[data-cell="${surge.district}.${surge.topic}"]`);
    await expect.poll(() => cell.getAttribute('data-alert-status'), { timeout: SHOWN_WITHIN_MS }).toBe('open');
    await browser.session.shown(page, `[data-district="${surge.district}"]`);

    // Once the engine has taken the whole feed, the header's figures are the API's, read at the same moment.
    const figure = async (id: string) => Number((await page.locator(`[data-testid=${id}]`).textContent())?.trim());
    const headline = async () => {
      const { kpis } = await stack.api<{ kpis: LiveKpis }>('/api/summary');
      return {
        wall: { reportsToday: await figure('kpi-reports-today'), openAlerts: await figure('kpi-open-alerts') },
        api: { reportsToday: kpis.reportsToday, openAlerts: kpis.openAlerts },
      };
    };
    let seen = await headline();
    for (const until = Date.now() + 60_000; Date.now() < until; await sleep(1_000), seen = await headline())
      if (seen.api.reportsToday > 1_000 && JSON.stringify(seen.wall) === JSON.stringify(seen.api)) break;
    expect(seen.wall).toEqual(seen.api);
    expect(seen.api.reportsToday).toBeGreaterThan(1_000);
    expect(seen.api.openAlerts).toBeGreaterThanOrEqual(alerts.length);
    // Feed time, not the wall clock: the last reports were at 19:4x city time on the feed's day.
    expect(await page.locator('[data-testid=feed-time]').textContent()).toMatch(/19:[34]\d/);

    // A wall is read from across a room: the whole board fits the screen.
    const fits = await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight);
    expect(fits).toBe(true);
    // Today's rankings are the store's (refreshed as the feed's time jumps, and every 30 s): its busiest district leads.
    const { byDistrict } = await stack.api<{ byDistrict: { code: string; reports: number }[] }>('/api/summary');
    const busiest = [...byDistrict].sort((a, b) => b.reports - a.reports)[0];
    await expect
      .poll(() => page.locator('[data-rank]').first().getAttribute('data-rank'), { timeout: 45_000 })
      .toBe(busiest.code);
    // The engine archived the morning report of the day before the feed's day; the header links it with its token.
    const link = page.locator('a[data-testid=latest-report]');
    await expect.poll(() => link.count(), { timeout: 90_000, interval: 1_000 }).toBe(1);
    const href = (await link.getAttribute('href'))!;
    expect(href).toMatch(/^\/reports\/\d{4}-\d{2}-\d{2}\.html\?token=./);
    const report = await page.request.get(`${stack.url}${href}`);
    expect(report.status()).toBe(200);
    expect(await report.text()).toContain('网络理政日报');
    await browser.session.screenshot(page, 'wall-1920x1080');
    // The same board on a 4K wall: the root font size is a share of the width, so everything doubles; no scrolling.
    await page.setViewportSize({ width: 3840, height: 2160 });
    expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);
    await browser.session.screenshot(page, 'wall-3840x2160');
    await page.setViewportSize({ width: 1920, height: 1080 });

    // English on request, Chinese again on the second press.
    const toggle = page.locator('[data-testid=lang-toggle]');
    const chinese = await toggle.textContent();
    await toggle.click();
    await expect.poll(() => toggle.textContent(), { timeout: SHOWN_WITHIN_MS }).not.toBe(chinese);
    await toggle.click();
    await expect.poll(() => toggle.textContent(), { timeout: SHOWN_WITHIN_MS }).toBe(chinese);

    expect(browser.session.errors).toEqual([]);
  }, 180_000);

  it('a district alert reads 全区 · 锦江区 · 各类诉求 in the ticker, counts in the header and marks its district', async () => {
    const page = await browser.session.open('wall-district', `${stack.url}/wall?token=${stack.token('viewer')}`);
    await browser.session.shown(page, '[data-testid=connection][data-state=live]');
    const last = JSON.parse(stack.feed.lines.at(-1)!) as { receivedAt: string };
    const alert = makeAlert('district-jinjiang-test', Date.parse(last.receivedAt), {
      kind: 'district',
      district: 'jinjiang',
      topic: null,
      topics: ['traffic', 'property', 'noise', 'utilities', 'consumer'],
      detector: 'district-wide',
      distinctCallers: 212,
      expected: 95,
      ratio: 2.23,
      windowMinutes: 180,
      summary: '锦江区 各类诉求普遍上升：3小时内212人反映230件，往常约95人（2.2倍）；12类问题高于往常，p=1.0e-9',
    });
    await stack.nats.nats.js.publish(
      SUBJECTS.alert('district', 'jinjiang', null),
      JSON.stringify({ type: 'alert.opened', alert }),
    );
    const row = `[data-testid=ticker-row][data-alert-id="${alert.id}"][data-status=open]`;
    await browser.session.shown(page, row);
    expect(await page.locator(`${row} .kind`).textContent()).toBe('全区');
    expect(await page.locator(`${row} .place`).textContent()).toBe('锦江区 · 各类诉求');
    await expect
      .poll(() => page.locator('[data-district=jinjiang]').getAttribute('data-alert-status'), {
        timeout: SHOWN_WITHIN_MS,
      })
      .toBe('open');
    await expect.poll(() => page.locator('.chip', { hasText: '全区' }).textContent()).toMatch(/全区 [1-9]/);
    await browser.session.screenshot(page, 'wall-district-alert');
    expect(browser.session.errors).toEqual([]);
  }, 60_000);
});
