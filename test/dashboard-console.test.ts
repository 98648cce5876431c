// The duty console in real Chromium beside a wall: an officer acknowledges and dispatches the injected incident's
// alert; the wall shows each new status without a reload, the store keeps both actions in the alert's timeline, a
// move the state machine refuses shows the gateway's error while the alert stays as it was, the unit view counts
// the dispatch, and the list's filters keep what they name.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { LiveAlert } from '../schemas/alert-workflow.ts';
import { SHOWN_WITHIN_MS, useBrowser } from './support/browser.ts';
import { useDashboardStack } from './support/dashboard-stack.ts';

interface Detail {
  alert: LiveAlert;
  suggestedUnit: string | null;
  workflowHistory: Array<{
    type: string;
    status: string;
    actor: string | null;
    unit: string | null;
    note: string | null;
  }>;
}

/** Fill a form field whether the console made it a <select> or a text input. */
async function fill(page: Page, name: string, value: string): Promise<void> {
  const field = page.locator(`[data-testid=alert-detail] [name=${name}]`);
  if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption(value);
  else await field.fill(value);
}

/** Press a move's button, fill what its form asks for, and submit. */
async function move(page: Page, action: string, fields: Record<string, string> = {}): Promise<void> {
  await page.locator(`[data-testid=alert-detail] [data-action=${action}]`).click();
  for (const [name, value] of Object.entries(fields)) await fill(page, name, value);
  await page.locator('[data-testid=alert-detail] [data-testid=action-submit]').click();
}

describe('the duty console in Chromium', () => {
  const stack = useDashboardStack();
  const browser = useBrowser();

  it('acknowledges and dispatches an alert, seen on the wall without a reload and stored; a refused move is explained', async () => {
    const wall = await browser.session.open('wall', `${stack.url}/wall?token=${stack.token('viewer')}`);
    const desk = await browser.session.open('console', `${stack.url}/console?token=${stack.token('officer')}`);
    for (const page of [wall, desk]) await browser.session.shown(page, '[data-testid=connection][data-state=live]');

    const { surge, lines } = stack.incident();
    stack.play(lines);
    const cellAlerts = `/api/alerts?district=${surge.district}&topic=${surge.topic}&kind=surge`;
    await expect
      .poll(async () => (await stack.api<{ items: LiveAlert[] }>(cellAlerts)).items.length, { timeout: 90_000 })
      .toBeGreaterThan(0);
    const [alert] = (await stack.api<{ items: LiveAlert[] }>(cellAlerts)).items;
    const tickerRow = (status: string) =>
      browser.session.shown(wall, `[data-testid=ticker-row][data-alert-id="${alert.id}"][data-status=${status}]`);
    await tickerRow('open');

    await desk.locator(`[data-testid=alert-row][data-alert-id="${alert.id}"]`).click();
    await browser.session.shown(desk, `[data-testid=alert-detail][data-alert-id="${alert.id}"]`);

    await move(desk, 'acknowledge', { note: '值班员已受理' });
    await tickerRow('acknowledged');

    const { suggestedUnit } = await stack.api<Detail>(`/api/alerts/${alert.id}`);
    expect(suggestedUnit).not.toBeNull();
    const note = '请两小时内到场核查烧烤店噪音';
    await move(desk, 'dispatch', { unit: suggestedUnit!, deadline: '2h', note });
    await tickerRow('dispatched');
    await expect
      .poll(() => desk.locator('[data-testid=alert-detail] [data-testid=alert-status]').textContent())
      .toMatch(/派单|dispatched/i);
    expect(await wall.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1); // never reloaded

    // Stored, with who did it: the officer token's name.
    const stored = await stack.api<Detail>(`/api/alerts/${alert.id}`);
    expect(stored.alert.status).toBe('dispatched');
    expect(stored.alert.workflow).toMatchObject({ unit: suggestedUnit, deadline: '2h', note });
    expect(stored.workflowHistory.map((e) => [e.status, e.unit, e.note])).toEqual([
      ['acknowledged', null, '值班员已受理'],
      ['dispatched', suggestedUnit, note],
    ]);
    expect(stored.workflowHistory.every((e) => e.actor !== null)).toBe(true);
    await expect
      .poll(() => desk.locator('[data-testid=alert-detail] [data-testid=timeline-entry]').count())
      .toBeGreaterThanOrEqual(stored.workflowHistory.length);

    // Reopen is only for a resolved alert: the gateway refuses (409) and the console says why; nothing changes.
    await move(desk, 'reopen', { note: '误操作' });
    const refusal = '[data-testid=alert-detail] [data-testid=action-error]';
    await browser.session.shown(desk, refusal);
    // Chinese first (the status it is now), the gateway's own words beside.
    expect((await desk.locator(refusal).textContent())?.trim()).toMatch(
      /^未能执行：这条预警现为「已派单」.*cannot reopen/,
    );
    expect((await stack.api<Detail>(`/api/alerts/${alert.id}`)).alert.status).toBe('dispatched');
    await tickerRow('dispatched');

    await browser.session.screenshot(desk, 'console-1920x1080');

    // The unit view lists the unit it went to, with the gateway's figures counting the dispatch.
    await desk.evaluate(() => {
      location.hash = '#/units';
    });
    await browser.session.shown(desk, `[data-testid=unit-row][data-unit="${suggestedUnit}"]`);
    const { units } = await stack.api<{ units: Array<{ unit: string; dispatched: number }> }>('/api/units');
    expect(units.find((u) => u.unit === suggestedUnit)?.dispatched).toBe(1);
    await browser.session.screenshot(desk, 'console-units-1920x1080');

    // The list's filters as an officer sets them: incidents only, then whatever went to that unit.
    await desk.evaluate(() => {
      location.hash = '#/alerts';
    });
    const rows = desk.locator('[data-testid=alert-row]');
    const shownRows = (attribute: string) => rows.evaluateAll((els, a) => els.map((e) => e.getAttribute(a)), attribute);
    await desk.locator('[data-filter=kind]').selectOption('incident');
    await expect
      .poll(async () => new Set(await shownRows('data-kind')), { timeout: SHOWN_WITHIN_MS })
      .toEqual(new Set(['incident']));
    await desk.locator('[data-filter=kind]').selectOption('');
    await desk.locator('[data-filter=unit]').selectOption(suggestedUnit!);
    await expect.poll(() => shownRows('data-alert-id'), { timeout: SHOWN_WITHIN_MS }).toEqual([alert.id]);
    // The refused request is the one error Chromium logs itself ("Failed to load resource: … 409"); nothing else.
    expect(browser.session.errors.filter((e) => !/status of 409/.test(e.text))).toEqual([]);
    expect(browser.session.errors.length).toBeLessThanOrEqual(1);
  }, 180_000);
});
