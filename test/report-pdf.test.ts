// The morning report printed by real headless Chromium: four A4 pages for a normal day, one for a day with no data,
// pages that rasterise, and a one-line typed error naming the path when Chromium is not there.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LizhengError } from '../engine/errors.ts';
import { renderReportHtml } from '../engine/report/render-report-html.ts';
import { ChromiumMissingError, renderReportPdf } from '../engine/report/render-report-pdf.ts';
import { NO_DATA_REPORT, SAMPLE_REPORT } from './fixtures/morning-report-sample.ts';

/** Whether a poppler tool is on PATH (Debian's poppler-utils; not every machine has it). */
function has(tool: string): boolean {
  try {
    execFileSync('which', [tool], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const POPPLER = has('pdfinfo') && has('pdftoppm');

/** Pages of a PDF as Chromium writes it: one uncompressed `/Type /Page` object per page. */
function pageObjects(pdf: Uint8Array): number {
  return (
    Buffer.from(pdf)
      .toString('latin1')
      .match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0
  );
}

/** Pages by pdfinfo when poppler is here, else by the page objects. */
function pageCount(file: string): number {
  if (!POPPLER) return pageObjects(readFileSync(file));
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
}

describe('morning report PDF', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lizheng-report-pdf-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The report printed to <dir>/<name>.pdf. */
  async function print(name: string, report: typeof SAMPLE_REPORT): Promise<string> {
    const file = join(dir, `${name}.pdf`);
    const pdf = await renderReportPdf(renderReportHtml(report));
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    writeFileSync(file, pdf);
    return file;
  }

  let sample = '';
  beforeAll(async () => {
    sample = await print('sample', SAMPLE_REPORT);
  });

  it('prints a normal day on four A4 pages', () => {
    expect(pageCount(sample)).toBe(4);
    expect(pageObjects(readFileSync(sample))).toBe(4);
  });

  it.skipIf(!POPPLER)('prints pages that poppler reads as A4 and rasterises (pdftoppm)', () => {
    expect(execFileSync('pdfinfo', [sample], { encoding: 'utf8' })).toMatch(/Page size:\s+[\d.]+ x [\d.]+ pts \(A4\)/);
    execFileSync('pdftoppm', ['-png', '-r', '60', sample, join(dir, 'page')]);
    const pngs = readdirSync(dir).filter((f) => f.startsWith('page') && f.endsWith('.png'));
    expect(pngs).toHaveLength(4);
    for (const png of pngs) expect(statSync(join(dir, png)).size).toBeGreaterThan(10_000);
  });

  it('prints a day with no data on one page', async () => {
    expect(pageCount(await print('no-data', NO_DATA_REPORT))).toBe(1);
  });

  it('names the missing Chromium in a typed one-line error, from the option or CHROMIUM_BIN', async () => {
    const missing = join(dir, 'no-such-chromium');
    const error = await renderReportPdf('<p>x</p>', { executablePath: missing }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChromiumMissingError);
    expect(error).toMatchObject({ code: 'CHROMIUM_MISSING', executablePath: missing });
    expect((error as Error).message).toBe(
      `PDF needs Chromium at ${missing}: install it with "apt-get install -y chromium" (Debian) or set CHROMIUM_BIN; ` +
        '--format html needs nothing',
    );
    const saved = process.env.CHROMIUM_BIN;
    process.env.CHROMIUM_BIN = `${missing}-env`;
    try {
      await expect(renderReportPdf('<p>x</p>')).rejects.toThrow(`PDF needs Chromium at ${missing}-env:`);
    } finally {
      if (saved === undefined) delete process.env.CHROMIUM_BIN;
      else process.env.CHROMIUM_BIN = saved;
    }
  });

  it("keeps playwright's error as the cause when Chromium is there but will not run", async () => {
    const notABrowser = join(dir, 'not-a-browser');
    writeFileSync(notABrowser, '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    const error = await renderReportPdf('<p>x</p>', { executablePath: notABrowser }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LizhengError);
    expect(error).not.toBeInstanceOf(ChromiumMissingError);
    expect((error as Error).message).toMatch(new RegExp(`^PDF printing with Chromium at ${notABrowser} failed: .+`));
    expect((error as Error).message).not.toContain('\n');
    expect((error as Error).cause).toBeInstanceOf(Error);
  });
});
