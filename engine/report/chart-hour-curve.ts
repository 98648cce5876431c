// The day's reports hour by hour against the usual curve for that weekday, so a reader sees at which hours the day
// left its normal shape (a night-time peak, a missing lunch dip) rather than only that the total was higher.
import { area, curveMonotoneX, line, max, scaleLinear } from 'd3';
import { chartSvg, type Margins, px, valueGrid } from './chart-frame.ts';
import { escapeHtml } from './escape-html.ts';
import { formatInt } from './report-format.ts';

const WIDTH = 700;
const HEIGHT = 165;
const M: Margins = { top: 28, right: 14, bottom: 24, left: 46 };
const HOURS = Array.from({ length: 24 }, (_, h) => h);

/** The curve of `observed` (24 hourly counts, 0–23 h) over `usual` (or none), `usualLabel` naming the latter. */
export function hourCurveChart(
  observed: readonly number[],
  usual: readonly number[] | null,
  usualLabel: string,
): string {
  const x = scaleLinear()
    .domain([0, 23])
    .range([M.left + 8, WIDTH - M.right - 8]);
  const y = scaleLinear()
    .domain([0, max([...observed, ...(usual ?? [])]) || 1])
    .nice()
    .range([HEIGHT - M.bottom, M.top]);
  const curve = line<number>()
    .x((_, h) => x(h))
    .y((v) => y(v))
    .curve(curveMonotoneX)
    .digits(1);
  const usualShape = usual
    ? `<path class="usual-area" d="${
        area<number>()
          .x((_, h) => x(h))
          .y0(y(0))
          .y1((v) => y(v))
          .curve(curveMonotoneX)
          .digits(1)(usual) ?? ''
      }"/><path class="usual-line" d="${curve(usual) ?? ''}"/>`
    : '';
  const points = observed.map((v, h) => `<circle class="point" cx="${px(x(h))}" cy="${px(y(v))}" r="2.4"/>`).join('');
  const hours = HOURS.filter((h) => h % 2 === 0)
    .map((h) => `<text class="tick" x="${px(x(h))}" y="${HEIGHT - M.bottom + 14}" text-anchor="middle">${h}时</text>`)
    .join('');
  const peak = observed.indexOf(Math.max(...observed));
  const peakText =
    `<text class="peak-label" x="${px(x(peak))}" y="${px(y(observed[peak]) - 8)}" text-anchor="middle">` +
    `峰值 ${peak}时 ${formatInt(observed[peak])} 件</text>`;
  const legend =
    `<g class="legend"><line class="observed-line" x1="${M.left}" x2="${M.left + 22}" y1="10" y2="10"/>` +
    `<text x="${M.left + 28}" y="14">当日来件（件/小时）</text>` +
    (usual
      ? `<rect class="usual-area" x="${M.left + 170}" y="5" width="22" height="10"/>` +
        `<line class="usual-line" x1="${M.left + 170}" x2="${M.left + 192}" y1="5" y2="5"/>` +
        `<text x="${M.left + 198}" y="14">${escapeHtml(usualLabel)}</text>`
      : '') +
    '</g>';
  return chartSvg(
    'hours',
    `当日各时段来件${usual ? '与常态曲线对比' : ''}`,
    WIDTH,
    HEIGHT,
    valueGrid(y, M.left, WIDTH - M.right, 5) +
      usualShape +
      `<path class="observed-line" d="${curve(observed) ?? ''}"/>` +
      points +
      hours +
      peakText +
      legend,
  );
}
