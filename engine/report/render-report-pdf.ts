// The morning report's PDF: the HTML printed by headless Chromium (Debian's, driven by playwright-core, no browser
// download), A4 as the report's own @page rules lay it out. Without Chromium it says how to get it, in one line.
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { LizhengError } from '../errors.ts';

const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** No Chromium where the PDF needs it; the HTML format needs nothing, so callers can offer that instead. */
export class ChromiumMissingError extends LizhengError {
  readonly code = 'CHROMIUM_MISSING';
  readonly executablePath: string;
  constructor(executablePath: string) {
    super(
      `PDF needs Chromium at ${executablePath}: install it with "apt-get install -y chromium" (Debian) or set ` +
        'CHROMIUM_BIN; --format html needs nothing',
    );
    this.executablePath = executablePath;
  }
}

/**
 * Print `html` (a complete document, nothing to fetch) to PDF bytes. Chromium is `options.executablePath`, else
 * $CHROMIUM_BIN, else /usr/bin/chromium; a missing one throws ChromiumMissingError, a failing one a LizhengError
 * with playwright's error as its cause.
 */
export async function renderReportPdf(html: string, options: { executablePath?: string } = {}): Promise<Uint8Array> {
  const executablePath = options.executablePath ?? process.env.CHROMIUM_BIN ?? DEFAULT_CHROMIUM;
  if (!existsSync(executablePath)) throw new ChromiumMissingError(executablePath);
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  } catch (err) {
    // Playwright's messages run to many lines of call log: the first says what failed, the cause keeps the rest.
    const first = String((err as Error).message ?? err).split('\n')[0];
    throw new LizhengError(`PDF printing with Chromium at ${executablePath} failed: ${first}`, { cause: err });
  } finally {
    await browser?.close();
  }
}
