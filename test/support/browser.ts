// Real Chromium for the dashboard tests: Debian's /usr/bin/chromium driven by playwright-core (no bundled browser
// download), with every console error and uncaught page error collected so each test can assert the pages ran clean.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

/** Where screenshots go (git-ignored), for a person to look at after the run. */
export const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));

/** How long a test waits for something to show: generous, since the engine, the gateway and Chromium share a loaded
 * two-core machine with other test runs. */
export const SHOWN_WITHIN_MS = 30_000;

/** A console error or uncaught exception, with the page it came from and when (epoch ms). */
export interface PageError {
  readonly page: string;
  readonly text: string;
  readonly at: number;
}

export interface BrowserSession {
  readonly browser: Browser;
  /** Every console error and page error of every page opened so far, in order. */
  readonly errors: PageError[];
  /** A new page (1920×1080 unless told) at `url`, its errors collected under `name`. */
  open(name: string, url: string, viewport?: { width: number; height: number }): Promise<Page>;
  /**
   * Wait until `selector` is on `page` (SHOWN_WITHIN_MS unless told); on a timeout the error lists the pages' errors
   * so far, usually the reason.
   */
  shown(page: Page, selector: string, timeoutMs?: number): Promise<void>;
  /** A full-viewport PNG into test/artifacts/<name>.png. */
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Launch headless Chromium. `exposeGc`: V8's `gc()` on every page, so a heap measurement can collect garbage first.
 */
export async function launchBrowser(options: { exposeGc?: boolean } = {}): Promise<BrowserSession> {
  const args = ['--headless', '--no-sandbox', '--disable-gpu'];
  if (options.exposeGc) args.push('--js-flags=--expose-gc');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium', args });
  const errors: PageError[] = [];
  return {
    browser,
    errors,
    async open(name, url, viewport = { width: 1920, height: 1080 }) {
      const page = await browser.newPage({ viewport });
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push({ page: name, text: message.text(), at: Date.now() });
      });
      page.on('pageerror', (error) => errors.push({ page: name, text: String(error), at: Date.now() }));
      await page.goto(url);
      return page;
    },
    async shown(page, selector, timeoutMs = SHOWN_WITHIN_MS) {
      try {
        await page.locator(selector).first().waitFor({ timeout: timeoutMs });
      } catch (err) {
        const seen = errors.map((e) => `  ${e.page}: ${e.text}`).join('\n') || '  none';
        throw new Error(`${selector} not shown within ${timeoutMs} ms; page errors:\n${seen}`, { cause: err });
      }
    },
    async screenshot(page, name) {
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: `${ARTIFACTS}${name}.png` });
    },
    close: () => browser.close(),
  };
}

/** One browser for a test file: launched before its tests, closed after them. Read `.session` inside the tests. */
export function useBrowser(options: { exposeGc?: boolean } = {}): { session: BrowserSession } {
  const holder = {} as { session: BrowserSession };
  beforeAll(async () => {
    holder.session = await launchBrowser(options);
  }, 60_000);
  afterAll(async () => {
    await holder.session?.close();
  });
  return holder;
}
