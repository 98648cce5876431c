// GET /reports and GET /reports/:day(.html|.pdf|.json): the archived morning reports as the wall and the leadership
// open them, with a viewer token; a day not archived, a PDF not printed and a bad name each answered by their code.
import { describe, expect, it } from 'vitest';
import { useGateway } from './support/gateway-harness.ts';
import { SAMPLE_REPORT } from './fixtures/morning-report-sample.ts';
import { renderReportHtml } from '../engine/report/render-report-html.ts';

const h = useGateway();
const get = (url: string, auth = true) =>
  h.gateway.app.inject({ method: 'GET', url, headers: auth ? h.auth.viewer : {} });
const PDF = new TextEncoder().encode('%PDF-1.7 stand-in bytes');

describe('the morning reports archive', () => {
  it('lists archived days newest first and serves each format as archived', async () => {
    const html = renderReportHtml(SAMPLE_REPORT);
    const profile = SAMPLE_REPORT.profile;
    await h.gateway.ctx.store.archive.put({ profile, day: '2026-02-01', summary: { day: '2026-02-01' }, html: '<p>x' });
    await h.gateway.ctx.store.archive.put({ profile, day: SAMPLE_REPORT.day, summary: SAMPLE_REPORT, html, pdf: PDF });

    const list = await get('/reports');
    expect(list.statusCode).toBe(200);
    expect(list.json().reports.map((r: { day: string }) => r.day)).toEqual([SAMPLE_REPORT.day, '2026-02-01']);
    expect(list.json().reports[0].pdf).toBe(`/reports/${SAMPLE_REPORT.day}.pdf`);

    for (const url of [`/reports/${SAMPLE_REPORT.day}`, `/reports/${SAMPLE_REPORT.day}.html`]) {
      const page = await get(url);
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.body).toBe(html);
    }
    const json = await get(`/reports/${SAMPLE_REPORT.day}.json`);
    expect(json.json()).toEqual(SAMPLE_REPORT);
    const pdf = await get(`/reports/${SAMPLE_REPORT.day}.pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(new Uint8Array(pdf.rawPayload)).toEqual(PDF);
  });

  it('prints a PDF on its first request and keeps it; without Chromium says what to install', async () => {
    const profile = SAMPLE_REPORT.profile;
    const day = '2026-01-31';
    await h.gateway.ctx.store.archive.put({
      profile,
      day,
      summary: SAMPLE_REPORT,
      html: renderReportHtml(SAMPLE_REPORT),
    });
    process.env.CHROMIUM_BIN = '/nonexistent/chromium';
    try {
      const missing = await get(`/reports/${day}.pdf`);
      expect([missing.statusCode, missing.json().code]).toEqual([503, 'LZ_PDF_UNAVAILABLE']);
      expect(missing.json().message).toContain('/nonexistent/chromium');
    } finally {
      delete process.env.CHROMIUM_BIN;
    }
    const printed = await get(`/reports/${day}.pdf`);
    expect(printed.statusCode).toBe(200);
    expect(printed.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const kept = await h.gateway.ctx.store.archive.get(profile, day);
    expect(Buffer.from(kept!.pdf!).equals(printed.rawPayload)).toBe(true);
  }, 60_000);

  it('answers a day without a report, a bad name and no token by code', async () => {
    expect((await get('/reports/2025-01-01.html')).json()).toMatchObject({ code: 'LZ_REPORT_NOT_FOUND' });
    const bad = await get('/reports/yesterday.docx');
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'LZ_INVALID_REQUEST']);
    expect(bad.json().errors[0].path).toContain('file');
    expect((await get('/reports', false)).statusCode).toBe(401);
  });
});
