// An alert's distinct callers per minute against the expected band of past weeks (d3 area for the band, line for
// what came in), the opening minute marked, so an officer sees how far and since when the cell left its usual range.
import { css, html, LitElement, svg } from 'lit';
import { extent, max } from 'd3-array';
import { scaleLinear, scaleTime } from 'd3-scale';
import { area, curveMonotoneX, line } from 'd3-shape';
import { utcFormat } from 'd3-time-format';
import type { SeriesPointView } from './console-api.ts';

const WIDTH = 760;
const HEIGHT = 240;
const M = { top: 12, right: 16, bottom: 28, left: 40 };
const utcHhmm = utcFormat('%H:%M');

/**
 * Tick labels in the city's time, whatever the browser's zone: the offset is read from a point's own ISO time
 * ("…T19:08:00+08:00"), the way the rest of the console shows feed times.
 */
function cityClock(point: SeriesPointView | undefined): (d: Date) => string {
  const offsetMs = point ? Date.parse(`${point.at.slice(0, 19)}Z`) - point.t : 0;
  return (d) => utcHhmm(new Date(d.getTime() + offsetMs));
}

export class BandChart extends LitElement {
  static override properties = {
    points: { attribute: false },
    openedAt: { attribute: false },
    legend: { attribute: false },
  };

  // `declare`d, set in the constructor: a class field would shadow Lit's reactive accessor (ES2022 fields).
  declare points: readonly SeriesPointView[];
  /** Epoch ms of the opening minute. */
  declare openedAt: number;
  /** Observed, band and alert names in the current language. */
  declare legend: { observed: string; band: string; opened: string };

  constructor() {
    super();
    this.points = [];
    this.openedAt = 0;
    this.legend = { observed: '', band: '', opened: '' };
  }

  static override styles = css`
    svg { width: 100%; height: auto; font: 12px system-ui, sans-serif; }
    .band { fill: #9cc3e6; opacity: 0.45; }
    .expected { fill: none; stroke: #4b7bb0; stroke-dasharray: 4 3; }
    .observed { fill: none; stroke: #1d2b3a; stroke-width: 2; }
    .opened { stroke: #b35c00; stroke-width: 1.5; stroke-dasharray: 2 2; }
    .axis { fill: #5a6573; }
    .grid { stroke: #dde3ea; }
    .legend { fill: #33414f; }
    .key { display: flex; gap: 16px; font: 12px system-ui, sans-serif; color: #33414f; }
    .swatch { display: inline-block; width: 14px; height: 8px; margin-right: 4px; vertical-align: middle; }
    .band-key { background: #9cc3e6; }
    .observed-key { height: 2px; background: #1d2b3a; }
    .opened-key { width: 0; height: 12px; border-left: 2px dashed #b35c00; }
  `;

  override render() {
    if (this.points.length === 0) return html``;
    const [t0, t1] = extent(this.points, (p) => p.t) as [number, number];
    const x = scaleTime()
      .domain([t0, t1])
      .range([M.left, WIDTH - M.right]);
    const top = max(this.points, (p) => Math.max(p.callers, p.high)) ?? 1;
    const y = scaleLinear()
      .domain([0, Math.max(1, top)])
      .nice()
      .range([HEIGHT - M.bottom, M.top]);
    const band = area<SeriesPointView>()
      .x((p) => x(p.t))
      .y0((p) => y(p.low))
      .y1((p) => y(p.high))
      .curve(curveMonotoneX);
    const expected = line<SeriesPointView>()
      .x((p) => x(p.t))
      .y((p) => y(p.expectedCallers))
      .curve(curveMonotoneX);
    const observed = line<SeriesPointView>()
      .x((p) => x(p.t))
      .y((p) => y(p.callers));
    const xo = x(this.openedAt);
    const hhmm = cityClock(this.points[0]);
    return html`<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label=${this.legend.observed}>
      ${y.ticks(4).map(
        (v) => svg`<line class="grid" x1=${M.left} x2=${WIDTH - M.right} y1=${y(v)} y2=${y(v)}></line>
          <text class="axis" x=${M.left - 6} y=${y(v) + 4} text-anchor="end">${v}</text>`,
      )}
      ${x.ticks(6).map((d) => svg`<text class="axis" x=${x(d)} y=${HEIGHT - 8} text-anchor="middle">${hhmm(d)}</text>`)}
      <path class="band" d=${band(this.points) ?? ''}></path>
      <path class="expected" d=${expected(this.points) ?? ''}></path>
      <path class="observed" d=${observed(this.points) ?? ''}></path>
      ${
        xo >= M.left && xo <= WIDTH - M.right
          ? svg`<line class="opened" x1=${xo} x2=${xo} y1=${M.top} y2=${HEIGHT - M.bottom}></line>`
          : ''
      }
    </svg>
      <div class="key">
        <span><i class="swatch band-key"></i>${this.legend.band}</span>
        <span><i class="swatch observed-key"></i>${this.legend.observed}</span>
        <span><i class="swatch opened-key"></i>${this.legend.opened}</span>
      </div>`;
  }
}

customElements.define('lz-band-chart', BandChart);
