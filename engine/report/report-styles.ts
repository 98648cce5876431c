// The morning report's look on A4 paper: a government daily's red masthead, grey-blue charts, small tables that do not
// split, and a fixed page start (三、 opens page 2 under a first page of 一、 and 二、) so the same layout prints every
// day; from there sections flow, and only the alerts table, which grows with a bad day, may continue on the next page.

/** Fonts with Chinese glyphs found on Debian (the project installs WenQuanYi) and Windows; none is downloaded. */
const FONTS = '"Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei",sans-serif';

/** `text` as a CSS string literal, safe inside a <style> element (no quote, backslash or `<` breaks out). */
function cssString(text: string): string {
  return `"${text.replace(/[\\"<\n]/g, (ch) => `\\${ch.charCodeAt(0).toString(16)} `)}"`;
}

/** The report's stylesheet; `runningTitle` heads every page after the first. */
export function reportStyles(runningTitle: string): string {
  return `
@page { size: A4; margin: 14mm 12mm 16mm;
  @bottom-center { content: "第 " counter(page) " 页  共 " counter(pages) " 页"; font: 8pt ${FONTS}; color: #6b7280; }
  @top-right { content: ${cssString(runningTitle)}; font: 8pt ${FONTS}; color: #6b7280; } }
@page :first { @top-right { content: none; } }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: ${FONTS}; font-size: 10pt;
  line-height: 1.5; color: #1f2933; }
h1, h2, h3 { margin: 0; font-weight: 700; }
p { margin: 0; }
small { font-size: 7.5pt; color: #6b7280; font-weight: 400; }
.masthead { text-align: center; padding-bottom: 2mm; }
.masthead h1 { font-size: 23pt; letter-spacing: 0.12em; color: #b3261e; line-height: 1.3; }
.masthead .day { font-size: 11pt; margin-top: 1mm; }
.masthead .rule { border-top: 1.6pt solid #b3261e; border-bottom: 0.5pt solid #b3261e; height: 2.2pt; margin: 2.5mm 0 2mm; }
.masthead .meta { font-size: 8.5pt; color: #4b5563; display: flex; justify-content: space-between; }
section { margin-top: 3.5mm; }
section > h2 { font-size: 12.5pt; color: #17324d; border-left: 3pt solid #1f4e79; padding-left: 2mm; margin-bottom: 2mm;
  break-after: avoid; }
h3 { font-size: 10.5pt; }
#districts { break-before: page; }
.sentence { margin: 1.5mm 0 1.5mm; text-indent: 2em; }
.note, .none { color: #4b5563; font-size: 9pt; }
.none { padding: 1.5mm 3mm; background: #f3f5f8; border-left: 2pt solid #9aa5b1; }
figure { margin: 1mm 0 0; break-inside: avoid; }
figcaption { font-size: 8.5pt; color: #4b5563; margin-top: 0.5mm; }
figcaption .fig { font-weight: 700; color: #1f2933; margin-right: 1.5mm; }
.block { break-inside: avoid; }
table { width: 100%; border-collapse: collapse; font-size: 8.6pt; line-height: 1.4; break-inside: avoid; }
caption { caption-side: top; text-align: left; font-size: 8.5pt; color: #4b5563; padding-bottom: 1mm; }
caption .fig { font-weight: 700; color: #1f2933; margin-right: 1.5mm; }
th { background: #e8edf3; color: #17324d; font-weight: 700; text-align: left; }
th, td { padding: 0.7mm 1.4mm; border-bottom: 0.5pt solid #cfd6de; vertical-align: top; }
thead th { border-bottom: 0.8pt solid #7d8a99; }
tr { break-inside: avoid; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.nowrap { white-space: nowrap; }
.trend-up { color: #a5331f; }
.trend-down { color: #2d6a4f; }
.trend-flat, .no-data { color: #6b7280; }
.overview-grid { display: grid; grid-template-columns: 64mm 1fr; gap: 5mm; align-items: start; }
.kpi { border: 0.6pt solid #cfd6de; border-top: 2pt solid #1f4e79; padding: 1.5mm 2.5mm; margin-bottom: 2mm; }
.kpi-label { font-size: 9pt; color: #4b5563; }
.kpi-value { font-size: 19pt; font-weight: 700; color: #17324d; line-height: 1.2; }
.kpi-value .unit { font-size: 10pt; margin-left: 1mm; color: #4b5563; font-weight: 400; }
.kpi dl { margin: 0.5mm 0 0; font-size: 8.3pt; display: grid; grid-template-columns: auto 1fr; column-gap: 1.5mm; }
.kpi dt { white-space: nowrap; }
.kpi dd { margin: 0; text-align: right; white-space: nowrap; }
.kpi .late { font-size: 8pt; color: #6b7280; margin-top: 0.5mm; }
.chart { width: 100%; height: auto; display: block; font-family: inherit; }
.chart text { font-size: 11px; fill: #374151; }
.chart .tick, .chart .col-heading { font-size: 10px; fill: #6b7280; }
.chart .grid { stroke: #e5e9ee; stroke-width: 1; }
.chart .baseline { stroke: #7d8a99; stroke-width: 1; }
.chart .bar { fill: #4f7199; }
.chart .bar-value { font-size: 10.5px; fill: #1f2933; }
.chart .bar-note { font-size: 10.5px; }
.chart .trend-up { fill: #a5331f; }
.chart .trend-down { fill: #2d6a4f; }
.chart .trend-flat, .chart .no-data { fill: #6b7280; }
.chart .day-bar { fill: #a9bdd3; }
.chart .day-bar.weekend { fill: #d5dee8; }
.chart .day-bar.is-day { fill: #1f4e79; }
.chart .callers-line { fill: none; stroke: #374151; stroke-width: 1.6; }
.chart .event-line { stroke: #a5331f; stroke-width: 1; stroke-dasharray: 3 2; }
.chart .event-label { font-size: 10.5px; fill: #8c2a1a; }
.chart .observed-line { fill: none; stroke: #1f4e79; stroke-width: 2; }
.chart .point { fill: #1f4e79; }
.chart .usual-area { fill: #dde5ee; }
.chart .usual-line { fill: none; stroke: #7d8a99; stroke-width: 1.4; stroke-dasharray: 5 3; }
.chart .peak-label { font-size: 10px; fill: #1f4e79; }
.chart .legend text { font-size: 10px; fill: #4b5563; }
.alerts { font-size: 8.3pt; line-height: 1.3; break-inside: auto; }
.alerts td { padding-top: 0.55mm; padding-bottom: 0.55mm; }
.alerts td:nth-child(8) { white-space: nowrap; }
.status-open { color: #a5331f; font-weight: 700; }
.suggested { color: #6b7280; font-style: italic; }
.issue { display: grid; grid-template-columns: 7mm 1fr; gap: 2mm; padding: 1.4mm 0 1.5mm; border-bottom: 0.5pt solid #cfd6de;
  break-inside: avoid; }
.issue:last-child { border-bottom: none; }
.issue-rank { width: 6mm; height: 6mm; border-radius: 50%; background: #1f4e79; color: #fff; font-weight: 700;
  text-align: center; line-height: 6mm; font-size: 9pt; margin-top: 0.5mm; }
.issue-head { display: flex; justify-content: space-between; align-items: baseline; gap: 3mm; }
.issue-head .unit { font-size: 8.5pt; white-space: nowrap; color: #374151; }
.badge { display: inline-block; font-size: 7.5pt; font-weight: 700; color: #a5331f; border: 0.6pt solid #a5331f;
  border-radius: 1mm; padding: 0 1mm; margin-left: 1.5mm; vertical-align: 1pt; line-height: 1.4; }
.kind-tag { font-size: 7.5pt; color: #4b5563; border: 0.5pt solid #9aa5b1; border-radius: 1mm; padding: 0 1mm;
  margin-left: 1mm; vertical-align: 1pt; font-weight: 400; }
.issue-meta { font-size: 8.5pt; color: #374151; margin-top: 0.3mm; }
.signal { display: inline-block; background: #f6e7e4; color: #8c2a1a; border-radius: 1mm; padding: 0 1mm;
  margin-left: 1mm; font-size: 8pt; }
.issue-summary { margin-top: 0.3mm; font-size: 9.2pt; line-height: 1.45; }
.quotes { margin-top: 0.3mm; font-size: 8.4pt; line-height: 1.45; color: #4b5563; padding-left: 2.5mm;
  border-left: 1.2pt solid #cfd6de; }
.quote { margin-right: 1.5mm; }
.units tr.unranked td { color: #9aa5b1; }
.method { font-size: 8.3pt; color: #4b5563; margin-top: 1.2mm; }
#definitions { border-top: 0.6pt solid #9aa5b1; padding-top: 2mm; }
#definitions h2 { font-size: 10pt; border-left: none; padding-left: 0; }
.definitions { font-size: 7.8pt; color: #4b5563; line-height: 1.45; column-count: 2; column-gap: 6mm; margin: 0; }
.definitions div { break-inside: avoid; margin-bottom: 1mm; }
.definitions dt { display: inline; font-weight: 700; color: #374151; }
.definitions dd { display: inline; margin: 0; }
.no-data-box { margin-top: 12mm; padding: 8mm 10mm; border: 1pt solid #9aa5b1; background: #f3f5f8; text-align: center; }
.no-data-box h2 { font-size: 20pt; color: #17324d; border: none; padding: 0; margin-bottom: 3mm; }
.no-data-box p { font-size: 10.5pt; color: #374151; margin-top: 1.5mm; }
`;
}
