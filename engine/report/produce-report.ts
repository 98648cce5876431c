// One way from the report's figures to what people open: JSON, HTML, or PDF printed from the HTML. The CLI, the
// midnight schedule and the gateway all go through here, so a format means the same thing everywhere.
import type { MorningReport } from '../../schemas/morning-report.ts';
import type { Store } from '../store/index.ts';
import { renderReportHtml } from './render-report-html.ts';
import type { ReportFormat } from './report-formats.ts';

// Chromium's driver is loaded only when a PDF is printed: every other command starts without it.
const pdfPrinter = () => import('./render-report-pdf.ts');

/** The report as a file of the given format. */
export async function produceReport(report: MorningReport, format: ReportFormat): Promise<string | Uint8Array> {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  const html = renderReportHtml(report);
  return format === 'html' ? html : (await pdfPrinter()).renderReportPdf(html);
}

/**
 * Archive a day's report in daily_reports: its figures, HTML and, when Chromium is here, its PDF. Returns whether
 * the PDF was made (without Chromium the gateway prints the HTML's PDF on request instead, and says so).
 */
export async function archiveReport(store: Store, report: MorningReport): Promise<{ pdf: boolean }> {
  const html = renderReportHtml(report);
  const { ChromiumMissingError, renderReportPdf } = await pdfPrinter();
  let pdf: Uint8Array | null = null;
  try {
    pdf = await renderReportPdf(html);
  } catch (err) {
    if (!(err instanceof ChromiumMissingError)) throw err;
  }
  await store.archive.put({
    profile: report.profile,
    day: report.day,
    summary: report,
    html,
    pdf,
    generatedAt: Date.parse(report.generatedAt),
  });
  return { pdf: pdf !== null };
}
