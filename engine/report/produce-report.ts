// One way from the report's figures to what people open: JSON, HTML, or PDF printed from the HTML. The CLI, the
// midnight schedule and the gateway all go through here, so a format means the same thing everywhere.
import type { MorningReport } from '../../schemas/morning-report.ts';
import type { ArchivedReport, Store } from '../store/index.ts';
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
 * Archive a day's report in daily_reports: its figures and its HTML. The PDF is printed from that HTML when someone
 * first asks for it (printPdfOnce), so a running engine needs no browser and spends nothing on prints nobody opens.
 */
export async function archiveReport(store: Store, report: MorningReport): Promise<void> {
  await store.archive.put({
    profile: report.profile,
    day: report.day,
    summary: report,
    html: renderReportHtml(report),
    pdf: null,
    generatedAt: Date.parse(report.generatedAt),
  });
}

/** The archived report's PDF: printed from its HTML and archived beside it the first time it is asked for. */
export async function printPdfOnce(store: Store, archived: ArchivedReport): Promise<Uint8Array> {
  if (archived.pdf) return archived.pdf;
  const pdf = await (await pdfPrinter()).renderReportPdf(archived.html ?? '');
  await store.archive.put({ ...archived, pdf });
  return pdf;
}
