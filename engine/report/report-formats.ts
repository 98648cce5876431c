// The files a morning report comes as; the CLI's --format and the gateway's suffixes accept exactly these.
export const REPORT_FORMATS = ['html', 'pdf', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
