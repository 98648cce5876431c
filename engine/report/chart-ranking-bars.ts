// Horizontal ranking bars (topics, districts): one bar per row with its count at the bar's end and a right-hand column
// (the change against a week before, or the rate per 10,000 residents), so a ranking reads top to bottom with its
// comparison beside it. One chart for both rankings, so they look alike on the page.
import { max, scaleBand, scaleLinear } from 'd3';
import { chartSvg, px } from './chart-frame.ts';
import { escapeHtml } from './escape-html.ts';

export interface BarRow {
  readonly label: string;
  readonly value: number;
  /** The value as printed at the end of the bar ("812 件"). */
  readonly valueText: string;
  /** Text of the right-hand column; '' for none. */
  readonly note: string;
  /** Extra class of the note (trend-up, trend-down…) so arrows take the report's colours. */
  readonly noteClass?: string;
}

export interface BarChartSpec {
  /** Gives the chart's class, chart-<name>. */
  readonly name: string;
  /** What the chart shows, for aria-label and title. */
  readonly label: string;
  readonly rows: readonly BarRow[];
  /** Height of one row in viewBox units (about CSS pixels at print width). */
  readonly rowHeight: number;
  /** Heading printed above the value column. */
  readonly valueHeading: string;
  /** Heading printed above the right-hand column. */
  readonly noteHeading: string;
}

const WIDTH = 700;
const HEADING = 18;
const LABEL_WIDTH = 84;
const NOTE_WIDTH = 132;
/** Room after the longest bar for its value. */
const VALUE_WIDTH = 70;

/** The rows as bars, largest scale value at the bar area's right end. */
export function rankingBarChart(spec: BarChartSpec): string {
  const height = HEADING + spec.rows.length * spec.rowHeight + 2;
  const y = scaleBand<number>()
    .domain(spec.rows.map((_, i) => i))
    .range([HEADING, height - 2])
    .paddingInner(0.3)
    .paddingOuter(0.15);
  const x = scaleLinear()
    .domain([0, max(spec.rows, (r) => r.value) || 1])
    .range([LABEL_WIDTH, WIDTH - NOTE_WIDTH - VALUE_WIDTH]);
  const noteX = WIDTH - 4;
  const headings =
    `<text class="col-heading" x="${LABEL_WIDTH}" y="11">${escapeHtml(spec.valueHeading)}</text>` +
    `<text class="col-heading" x="${noteX}" y="11" text-anchor="end">${escapeHtml(spec.noteHeading)}</text>`;
  const bars = spec.rows
    .map((row, i) => {
      const top = y(i) ?? 0;
      const mid = px(top + y.bandwidth() / 2 + 4);
      const end = x(row.value);
      const noteClass = row.noteClass ? `bar-note ${row.noteClass}` : 'bar-note';
      return (
        `<text class="bar-label" x="${LABEL_WIDTH - 6}" y="${mid}" text-anchor="end">${escapeHtml(row.label)}</text>` +
        `<rect class="bar" x="${LABEL_WIDTH}" y="${px(top)}" width="${px(Math.max(end - LABEL_WIDTH, 0.5))}" ` +
        `height="${px(y.bandwidth())}"/>` +
        `<text class="bar-value" x="${px(end + 5)}" y="${mid}">${escapeHtml(row.valueText)}</text>` +
        `<text class="${noteClass}" x="${noteX}" y="${mid}" text-anchor="end">${escapeHtml(row.note)}</text>`
      );
    })
    .join('');
  const axis = `<line class="baseline" x1="${LABEL_WIDTH}" x2="${LABEL_WIDTH}" y1="${HEADING}" y2="${height - 2}"/>`;
  return chartSvg(spec.name, spec.label, WIDTH, height, headings + bars + axis);
}
