// One frame for every report chart: the <svg> with its role, label, title and class (so readers, screen readers and
// tests find each chart the same way), and the value grid the line charts share, written as plain SVG text because
// d3-axis needs a DOM the server does not have.
import type { ScaleLinear } from 'd3';
import { escapeHtml } from './escape-html.ts';
import { formatInt } from './report-format.ts';

/** Margins inside a chart's viewBox, in its units (about CSS pixels at print width). */
export interface Margins {
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

/** Coordinates rounded to a tenth: shorter SVG, no visible difference in print. */
export function px(n: number): number {
  return Math.round(n * 10) / 10;
}

/** The chart's <svg>: class `chart chart-<name>`, `label` as both aria-label and <title>. */
export function chartSvg(name: string, label: string, width: number, height: number, body: string): string {
  const text = escapeHtml(label);
  return (
    `<svg class="chart chart-${name}" role="img" aria-label="${text}" viewBox="0 0 ${width} ${height}" ` +
    `preserveAspectRatio="xMidYMid meet"><title>${text}</title>${body}</svg>`
  );
}

/**
 * Horizontal grid lines at the scale's ticks from x1 to x2, each value written at the left of x1; only whole ticks,
 * since the charts count reports and people.
 */
export function valueGrid(y: ScaleLinear<number, number>, x1: number, x2: number, tickCount: number): string {
  return y
    .ticks(tickCount)
    .filter(Number.isInteger)
    .map((v) => {
      const at = px(y(v));
      return (
        `<line class="grid" x1="${x1}" x2="${x2}" y1="${at}" y2="${at}"/>` +
        `<text class="tick" x="${x1 - 6}" y="${px(at + 3.5)}" text-anchor="end">${formatInt(v)}</text>`
      );
    })
    .join('');
}
