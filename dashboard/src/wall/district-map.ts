// The district tile map: each district a square placed like the city (the profile's cartogram rows and columns),
// coloured like the grid by its highest cell, outlined by its most urgent alert.
import { css, html, LitElement, nothing } from 'lit';
import { scoreColour, scoreInk } from '../shared/colour-scales.ts';
import { translator } from '../shared/i18n.ts';
import type { Labels } from '../shared/labels.ts';
import type { ShownStatus } from './alert-cells.ts';
import { WALL_STRINGS } from './wall-strings.ts';

const t = translator(WALL_STRINGS);

export class DistrictMap extends LitElement {
  static override properties = {
    labels: { attribute: false },
    scores: { attribute: false },
    states: { attribute: false },
  };
  declare labels: Labels | null;
  declare scores: Map<string, number>;
  declare states: Map<string, ShownStatus>;

  static override styles = css`
    :host { display: flex; flex-direction: column; min-height: 0; }
    h2 { font-size: 1.25rem; margin: 0 0 0.3rem; font-weight: 600; color: #c4d0de; }
    .map { flex: 1; display: grid; gap: 4px; min-height: 0; }
    .tile { display: flex; flex-direction: column; align-items: center; justify-content: center; border-radius: 5px;
      font-size: 1.15rem; font-weight: 600; line-height: 1.1; box-sizing: border-box; }
    .tile small { font-size: 0.7rem; font-weight: 400; opacity: 0.8; }
    .tile[data-alert-status='open'] { outline: 4px solid #ff9f1c; outline-offset: -4px; }
    .tile[data-alert-status='acknowledged'] { outline: 4px dashed #7ad3ff; outline-offset: -4px; }
    .tile[data-alert-status='dispatched'] { outline: 5px double #c9a0ff; outline-offset: -5px; }
  `;

  override render() {
    const labels = this.labels;
    if (!labels) return nothing;
    const placed = labels.profile.districts.filter((d) => d.cartogram !== null);
    const rows = Math.max(...placed.map((d) => d.cartogram!.row)) + 1;
    const cols = Math.max(...placed.map((d) => d.cartogram!.col)) + 1;
    return html`
      <h2>${t('map')}</h2>
      <div class="map" style="grid-template-rows: repeat(${rows}, 1fr); grid-template-columns: repeat(${cols}, 1fr)">
        ${placed.map((d) => {
          const score = this.scores.get(d.code) ?? 0;
          return html`<div
            class="tile"
            data-district=${d.code}
            data-alert-status=${this.states.get(d.code) ?? nothing}
            title=${labels.district(d.code)}
            style="grid-row:${d.cartogram!.row + 1};grid-column:${d.cartogram!.col + 1};
              background:${scoreColour(score)};color:${scoreInk(score)}"
          >
            ${d.name}<small>${d.code}</small>
          </div>`;
        })}
      </div>
    `;
  }
}
customElements.define('lz-district-map', DistrictMap);
