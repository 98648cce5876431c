// The wall across a gateway killed with -9 and restarted: it says plainly that it lost the connection, and once the
// gateway is back it shows exactly what a freshly opened wall shows, the alert changes made while it was away too.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { LiveAlert } from '../schemas/alert-workflow.ts';
import { useBrowser } from './support/browser.ts';
import { useDashboardStack } from './support/dashboard-stack.ts';

/** What the wall shows that must survive a reconnect: its ticker, the alert outlines on the grid, the headline. */
const board = (page: Page) =>
  page.evaluate(() => {
    const all = (selector: string) => {
      // Playwright's selectors pierce shadow roots; the page's own querySelectorAll does not, so walk them.
      const found: Element[] = [];
      const walk = (root: Document | ShadowRoot) => {
        found.push(...root.querySelectorAll(selector));
        for (const el of root.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot);
      };
      walk(document);
      return found;
    };
    return {
      ticker: all('[data-testid=ticker-row]').map(
        (r) => `${r.getAttribute('data-alert-id')} ${r.getAttribute('data-status')}`,
      ),
      outlined: all('[data-cell][data-alert-status]')
        .map((c) => `${c.getAttribute('data-cell')} ${c.getAttribute('data-alert-status')}`)
        .sort(),
      reportsToday: all('[data-testid=kpi-reports-today]')[0]?.textContent?.trim(),
      openAlerts: all('[data-testid=kpi-open-alerts]')[0]?.textContent?.trim(),
    };
  });

describe('the wall when its gateway dies and comes back', () => {
  const stack = useDashboardStack();
  const browser = useBrowser();

  it('shows the lost connection, then recovers the full state, changes made while away included', async () => {
    const wall = await browser.session.open('wall', `${stack.url}/wall?token=${stack.token('viewer')}`);
    const connection = (state: string) => browser.session.shown(wall, `[data-testid=connection][data-state=${state}]`);
    await connection('live');

    const { surge, lines } = stack.incident();
    stack.play(lines);
    const cellAlerts = `/api/alerts?district=${surge.district}&topic=${surge.topic}`;
    await expect
      .poll(async () => (await stack.api<{ items: LiveAlert[] }>(cellAlerts)).items.length, { timeout: 90_000 })
      .toBeGreaterThan(0);
    const [alert] = (await stack.api<{ items: LiveAlert[] }>(cellAlerts)).items;
    await browser.session.shown(wall, `[data-testid=ticker-row][data-alert-id="${alert.id}"]`);

    const killedAt = Date.now();
    await stack.killGateway();
    await connection('lost');
    // While no gateway runs the engine goes on: the next half hour of the feed updates (or resolves) the alerts.
    const cut = Date.parse(surge.start) + 40 * 60_000;
    stack.play(
      stack.feed.lines.filter((l) => {
        const t = Date.parse((JSON.parse(l) as { receivedAt: string }).receivedAt);
        return t >= cut && t < cut + 30 * 60_000;
      }),
    );
    await stack.startGateway();
    await connection('live');
    const backAt = Date.now();

    // A wall opened now shows the truth; the reconnected one must come to show the same, with no reload.
    const fresh = await browser.session.open('fresh wall', `${stack.url}/wall?token=${stack.token('viewer')}`);
    await browser.session.shown(fresh, '[data-testid=connection][data-state=live]');
    await expect
      .poll(async () => JSON.stringify(await board(wall)) === JSON.stringify(await board(fresh)), {
        timeout: 60_000,
        interval: 1_000,
      })
      .toBe(true);
    const recovered = await board(wall);
    expect(recovered.ticker).toContain(
      `${alert.id} ${(await stack.api<{ alert: LiveAlert }>(`/api/alerts/${alert.id}`)).alert.status}`,
    );
    expect(recovered.outlined.length).toBeGreaterThan(0);
    expect(await wall.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1); // never reloaded

    // While the gateway was down Chromium logs its refused connections; nothing else, and nothing outside that time.
    const outage = (e: { at: number; text: string }) =>
      e.at >= killedAt && e.at <= backAt && /ERR_CONNECTION_REFUSED|WebSocket connection to .* failed/.test(e.text);
    expect(browser.session.errors.filter((e) => !outage(e))).toEqual([]);
  }, 180_000);
});
