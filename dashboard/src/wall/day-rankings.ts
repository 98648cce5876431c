// Today's districts and topics by reports, as bars: where the day's load is, beside the grid's "unusual now".
import { css, html, LitElement } from 'lit';
import type { Tally } from './wall-data-controller.ts';

export class DayRankings extends LitElement {
  static override properties = {
    heading: { attribute: false },
    tallies: { attribute: false },
    show: { attribute: false },
  };
  declare heading: string;
  declare tallies: readonly Tally[];
  /** How many rows fit. */
  declare show: number;

  static override styles = css`
    :host { display: block; min-width: 0; }
    h2 { font-size: 1.25rem; margin: 0 0 0.3rem; font-weight: 600; color: #c4d0de; }
    .row { display: grid; grid-template-columns: 1.4rem minmax(0, 7rem) minmax(2rem, 1fr) 3rem; gap: 0.4rem; align-items: center;
      font-size: 1.1rem; height: 1.75rem; }
    .rank { color: #7d8ea3; text-align: right; }
    .name { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .bar { height: 0.9rem; background: #5d8fc9; border-radius: 2px; }
    .n { text-align: right; font-variant-numeric: tabular-nums; }
  `;

  override render() {
    const rows = [...(this.tallies ?? [])].sort((a, b) => b.reports - a.reports).slice(0, this.show ?? 8);
    const top = Math.max(1, ...rows.map((r) => r.reports));
    return html`
      <h2>${this.heading}</h2>
      ${rows.map(
        (r, i) => html`<div class="row" data-rank=${r.code}>
          <span class="rank">${i + 1}</span><span class="name" title=${r.label}>${r.label}</span>
          <span class="bar" style="width:${(100 * r.reports) / top}%"></span><span class="n">${r.reports}</span>
        </div>`,
      )}
    `;
  }
}
customElements.define('lz-day-rankings', DayRankings);
