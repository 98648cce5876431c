// The alert ticker, newest first: kind, place or cell, people, expected, age, status and responsible unit. An
// alert that just arrived is lit for a few seconds, then settles like the rest.
import type { LiveAlert } from '../../../schemas/alert-workflow.ts';
import { css, html, LitElement } from 'lit';
import { ALERT_STYLE } from '../shared/colour-scales.ts';
import { translator } from '../shared/i18n.ts';
import type { Labels } from '../shared/labels.ts';
import { WALL_STRINGS } from './wall-strings.ts';

const t = translator(WALL_STRINGS);

export class AlertTicker extends LitElement {
  static override properties = {
    labels: { attribute: false },
    alerts: { attribute: false },
    now: { attribute: false },
    fresh: { attribute: false },
  };
  declare labels: Labels | null;
  /** Newest first. */
  declare alerts: readonly LiveAlert[];
  /** Feed time, epoch ms, for the ages. */
  declare now: number | null;
  /** Ids of alerts that arrived in the last few seconds. */
  declare fresh: ReadonlySet<string>;

  static override styles = css`
    :host { display: flex; flex-direction: column; min-height: 0; overflow: hidden; }
    h2 { font-size: 1.25rem; margin: 0 0 0.3rem; font-weight: 600; color: #c4d0de; }
    .row { border-left: 8px solid; padding: 0.35rem 0.6rem; margin-bottom: 0.4rem; background: #151e2b;
      border-radius: 4px; }
    .row[data-status='resolved'] { opacity: 0.55; }
    .row.fresh { animation: arrive 6s ease-out; }
    @keyframes arrive { 0%, 40% { background: #6b4a00; transform: scale(1.02); } 100% { background: #151e2b; } }
    .line1 { display: flex; gap: 0.6rem; font-size: 1.3rem; font-weight: 700; align-items: baseline; }
    .kind { font-size: 1rem; padding: 0 0.35rem; border-radius: 3px; background: #2a3950; }
    .place { flex: 1; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .status { font-size: 1rem; padding: 0 0.4rem; border-radius: 3px; color: #111; }
    .line2 { display: flex; gap: 1rem; font-size: 1.05rem; color: #c4d0de; font-variant-numeric: tabular-nums;
      white-space: nowrap; }
    .unit { overflow: hidden; text-overflow: ellipsis; }
    .none { font-size: 1.3rem; color: #7d8ea3; }
  `;

  private place(a: LiveAlert): string {
    const labels = this.labels;
    const topic = labels ? labels.topicName(a.topic) : (a.topic ?? 'all');
    if (a.kind === 'incident' && a.place) return `${a.place} · ${topic}`;
    if (a.district === null) return `${t('citywide')} · ${topic}`;
    return `${labels ? labels.districtName(a.district) : a.district} · ${topic}`;
  }

  override render() {
    const alerts = this.alerts ?? [];
    return html`
      <h2>${t('ticker')}</h2>
      ${alerts.length === 0 ? html`<div class="none">${t('noAlerts')}</div>` : ''}
      ${alerts.map((a) => {
        const style = ALERT_STYLE[a.status];
        const age = this.now === null ? null : Math.max(0, Math.round((this.now - Date.parse(a.openedAt)) / 60_000));
        const unit = a.workflow.unit ?? this.labels?.unitOf(a.topic) ?? '';
        return html`<div
          class="row ${this.fresh?.has(a.id) ? 'fresh' : ''}"
          data-testid="ticker-row"
          data-alert-id=${a.id}
          data-status=${a.status}
          style="border-left-color:${style.colour};border-left-style:${style.outline}"
        >
          <div class="line1">
            <span class="kind">${t(a.kind)}</span>
            <span class="place" title=${a.summary}>${this.place(a)}</span>
            <span class="status" style="background:${style.colour}">${t(a.status)}</span>
          </div>
          <div class="line2">
            <span>${t('people', { n: a.distinctCallers })}</span>
            <span>${t('expected', { n: a.expected.toFixed(1) })}</span>
            <span>${age === null ? '' : t('age', { n: age })}</span>
            <span class="unit">${a.workflow.unit ? unit : `${unit}（${t('unassigned')}）`}</span>
          </div>
        </div>`;
      })}
    `;
  }
}
customElements.define('lz-alert-ticker', AlertTicker);
