// The district × topic heat grid: each cell coloured by how far it stands above its expectation (the score, not
// the raw count, so a big district is not always bright), with alerts outlined by state.
import { css, html, LitElement, nothing, unsafeCSS } from 'lit';
import { ALERT_STYLE, CALM_SCORE, scoreColour, scoreInk, TOP_SCORE } from '../shared/colour-scales.ts';
import { translator } from '../shared/i18n.ts';
import type { Labels } from '../shared/labels.ts';
import { cellKey, type ShownStatus } from './alert-cells.ts';
import { WALL_STRINGS } from './wall-strings.ts';

const t = translator(WALL_STRINGS);

export class HeatGrid extends LitElement {
  static override properties = {
    labels: { attribute: false },
    scores: { attribute: false },
    callers: { attribute: false },
    states: { attribute: false },
    windowMinutes: { attribute: false },
  };
  declare labels: Labels | null;
  declare scores: Map<string, number>;
  declare callers: Map<string, number>;
  declare states: Map<string, ShownStatus>;
  declare windowMinutes: number;

  static override styles = css`
    :host { display: flex; flex-direction: column; min-height: 0; }
    h2 { font-size: 1.25rem; margin: 0 0 0.3rem; font-weight: 600; color: #c4d0de; }
    .grid { flex: 1; display: grid; gap: 2px; min-height: 0; }
    /* Two characters a line, horizontal: vertical text clipped four-character topics to three. */
    .top { font-size: 1.05rem; line-height: 1.15; color: #c4d0de; text-align: center; align-self: end;
      word-break: break-all; max-width: 2.3em; justify-self: center; padding-bottom: 0.2rem; }
    .row { font-size: 1.1rem; color: #e8edf3; align-self: center; white-space: nowrap; overflow: hidden; }
    .row small { color: #7d8ea3; font-size: 0.75rem; }
    .cell { display: flex; align-items: center; justify-content: center; font-size: 0.95rem; border-radius: 3px;
      font-variant-numeric: tabular-nums; box-sizing: border-box; }
    .cell[data-alert-status] { outline-offset: -4px; font-weight: 700; }
    .cell[data-alert-status='open'] { outline: 4px solid ${unsafeCSS(ALERT_STYLE.open.colour)}; }
    .cell[data-alert-status='acknowledged'] {
      outline: 4px dashed ${unsafeCSS(ALERT_STYLE.acknowledged.colour)};
    }
    .cell[data-alert-status='dispatched'] {
      outline: 5px double ${unsafeCSS(ALERT_STYLE.dispatched.colour)};
      outline-offset: -5px;
    }
    .legend { display: flex; gap: 0.8rem; align-items: center; font-size: 1rem; color: #c4d0de; margin-top: 0.3rem; }
    .ramp { width: 180px; height: 14px; border-radius: 3px; }
    .swatch { display: inline-block; width: 22px; height: 14px; vertical-align: middle; margin-right: 0.3rem; }
  `;

  override render() {
    const labels = this.labels;
    if (!labels) return nothing;
    const { districts, topics } = labels.profile;
    const ramp = Array.from({ length: 6 }, (_, i) => scoreColour(CALM_SCORE + ((TOP_SCORE - CALM_SCORE) * i) / 5));
    return html`
      <h2>${t('grid', { w: this.windowMinutes })}</h2>
      <div
        class="grid"
        style="grid-template-columns: 7.5rem repeat(${topics.length}, 1fr);
          grid-template-rows: 6.4rem repeat(${districts.length}, 1fr)"
      >
        <span></span>
        ${topics.map((tp) => html`<span class="top" title=${labels.topic(tp.code)}>${tp.name}</span>`)}
        ${districts.map(
          (d) => html`
            <span class="row" title=${labels.district(d.code)}>${d.name} <small>${d.code}</small></span>
            ${topics.map((tp) => {
              const key = cellKey(d.code, tp.code);
              const score = this.scores.get(key) ?? 0;
              const callers = this.callers.get(key) ?? 0;
              return html`<span
                class="cell"
                data-cell=${key}
                data-alert-status=${this.states.get(key) ?? nothing}
                title="${labels.district(d.code)} · ${labels.topic(tp.code)}: ${score.toFixed(1)}"
                style="background:${scoreColour(score)};color:${scoreInk(score)}"
                >${callers > 0 ? callers : ''}</span
              >`;
            })}
          `,
        )}
      </div>
      <div class="legend">
        <span>${t('calm')}</span>
        <span class="ramp" style="background:linear-gradient(to right, ${ramp.join(',')})"></span>
        <span>${t('above')}</span>
        ${(['open', 'acknowledged', 'dispatched'] as const).map(
          (s) =>
            html`<span
              ><span class="swatch" style="outline:3px ${ALERT_STYLE[s].outline} ${ALERT_STYLE[s].colour}"></span
              >${t(s)}</span
            >`,
        )}
      </div>
    `;
  }
}
customElements.define('lz-heat-grid', HeatGrid);
