// A 24-hour trend: callers per hour against the expected band (d3 area for low–high, a line for the expectation
// and one for what came), with the alerts' openings marked, so a surge reads as leaving the band.
import { area, extent, line, max, scaleLinear, scaleTime } from 'd3';
import { css, html, LitElement, svg } from 'lit';
import type { TrendPoint } from './wall-data-controller.ts';

const W = 560;
const H = 150;
const M = { top: 8, right: 10, bottom: 22, left: 44 };

export class TrendChart extends LitElement {
  static override properties = {
    heading: { attribute: false },
    points: { attribute: false },
    openings: { attribute: false },
    timeZone: { attribute: false },
  };
  declare heading: string;
  declare points: readonly TrendPoint[];
  /** Alert openings (epoch ms) to mark. */
  declare openings: readonly number[];
  /** The city's, so hours read as the city's whatever the browser's zone. */
  declare timeZone: string;

  static override styles = css`
    :host { display: block; }
    h3 { font-size: 1.1rem; margin: 0; font-weight: 600; color: #e8edf3; }
    svg { width: 100%; height: auto; display: block; }
    .band { fill: #2f4b6e; }
    .expected { fill: none; stroke: #8fb3d9; stroke-width: 1.5; stroke-dasharray: 4 3; }
    .observed { fill: none; stroke: #ffd34d; stroke-width: 3; }
    .axis { fill: #9fb0c4; font-size: 13px; }
    .grid { stroke: #26344a; }
    .opening { stroke: #ff9f1c; stroke-width: 2; }
  `;

  override render() {
    const points = this.points ?? [];
    if (points.length === 0) return html`<h3>${this.heading}</h3>`;
    const [t0, t1] = extent(points, (p) => p.t) as [number, number];
    const x = scaleTime()
      .domain([t0, t1 + 3_600_000])
      .range([M.left, W - M.right]);
    const top = max(points, (p) => Math.max(p.high, p.callers)) ?? 1;
    const y = scaleLinear()
      .domain([0, top || 1])
      .nice()
      .range([H - M.bottom, M.top]);
    const mid = (p: TrendPoint) => x(p.t + 1_800_000);
    const band = area<TrendPoint>()
      .x(mid)
      .y0((p) => y(p.low))
      .y1((p) => y(p.high))(points);
    const expected = line<TrendPoint>()
      .x(mid)
      .y((p) => y(p.expectedCallers))(points);
    const observed = line<TrendPoint>()
      .x(mid)
      .y((p) => y(p.callers))(points);
    const clock = new Intl.DateTimeFormat('en-GB', { timeZone: this.timeZone, hour: '2-digit', minute: '2-digit' });
    const hour = (d: Date) => clock.format(d);
    const ticks = x.ticks(6);
    const yTicks = y.ticks(3);
    return html`
      <h3>${this.heading}</h3>
      <svg viewBox="0 0 ${W} ${H}" role="img" aria-label=${this.heading}>
        ${yTicks.map(
          (v) => svg`<line class="grid" x1=${M.left} x2=${W - M.right} y1=${y(v)} y2=${y(v)}></line>
            <text class="axis" x=${M.left - 6} y=${y(v) + 4} text-anchor="end">${v}</text>`,
        )}
        ${ticks.map((d) => svg`<text class="axis" x=${x(d)} y=${H - 5} text-anchor="middle">${hour(d)}</text>`)}
        <path class="band" d=${band ?? ''}></path>
        <path class="expected" d=${expected ?? ''}></path>
        <path class="observed" d=${observed ?? ''}></path>
        ${(this.openings ?? [])
          .filter((o) => o >= t0)
          .map((o) => svg`<line class="opening" x1=${x(o)} x2=${x(o)} y1=${M.top} y2=${H - M.bottom}></line>`)}
      </svg>
    `;
  }
}
customElements.define('lz-trend-chart', TrendChart);
