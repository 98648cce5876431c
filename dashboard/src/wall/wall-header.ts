// The wall's header: feed time, today's reports against the same weekday last week, the last hour, open alerts
// by kind and by status, the engine's health, and the connection, shown plainly when lost.
import { css, html, LitElement } from 'lit';
import type { EngineStatus, LiveKpis } from '../../../schemas/live-events.ts';
import { translator } from '../shared/i18n.ts';
import type { Connection } from '../shared/live-controller.ts';
import { WALL_STRINGS } from './wall-strings.ts';

const t = translator(WALL_STRINGS);

export class WallHeader extends LitElement {
  static override properties = {
    kpis: { attribute: false },
    feedTime: { attribute: false },
    lastWeek: { attribute: false },
    engine: { attribute: false },
    connection: { attribute: false },
    latestReport: { attribute: false },
    token: { attribute: false },
  };
  declare kpis: LiveKpis | null;
  declare feedTime: string | null;
  declare lastWeek: number | null;
  declare engine: EngineStatus | null;
  declare connection: Connection;
  /** The newest morning report's day, linked with the wall's own token (the report routes take ?token=). */
  declare latestReport: string | null;
  declare token: string | null;

  static override styles = css`
    :host { display: flex; gap: 2.2rem; align-items: stretch; padding: 0.6rem 1.2rem; background: #121a26; }
    .title { font-size: 1.9rem; font-weight: 700; align-self: center; white-space: nowrap; }
    .block { display: flex; flex-direction: column; justify-content: center; }
    .label { font-size: 1rem; color: #9fb0c4; }
    .value { font-size: 2.6rem; font-weight: 700; font-variant-numeric: tabular-nums; line-height: 1.1; }
    .sub { font-size: 1rem; color: #c4d0de; font-variant-numeric: tabular-nums; }
    .time { font-size: 2rem; }
    .chips { display: flex; gap: 0.5rem; font-size: 1.05rem; flex-wrap: wrap; }
    .chip { padding: 0 0.4rem; border-radius: 4px; background: #1f2a3a; }
    .spacer { flex: 1; }
    .state { align-self: center; font-size: 1.3rem; font-weight: 700; padding: 0.4rem 0.9rem; border-radius: 6px; }
    .state[data-state='live'] { background: #174a3a; color: #c8ffe9; }
    .state[data-state='connecting'] { background: #3a3a1a; color: #fff3b0; }
    .state[data-state='lost'] { background: #ffcf33; color: #111; font-size: 1.6rem;
      animation: blink 1.2s steps(2) infinite; }
    @keyframes blink { 50% { background: #ffe9a0; } }
    .bad { color: #ffcf33; }
    .report { color: #9fd0ff; font-size: 1.3rem; font-weight: 700; text-decoration: none; }
    button { align-self: center; font: inherit; font-size: 1.1rem; background: #1f2a3a; color: #e8edf3;
      border: 1px solid #41536b; border-radius: 6px; padding: 0.3rem 0.8rem; cursor: pointer; }
  `;

  override render() {
    const k = this.kpis;
    const engine = this.engine;
    const engineText =
      engine === null || engine.roles.length === 0
        ? t('engineUnknown')
        : t(engine.ready ? 'engineOk' : 'engineBehind', { n: engine.lagMessages });
    return html`
      <div class="title">${t('title')}</div>
      <div class="block">
        <span class="label">${t('feedTime')}</span>
        <span class="value time" data-testid="feed-time">${this.feedTime ?? '—'}</span>
      </div>
      <div class="block">
        <span class="label">${t('reportsToday')}</span>
        <span class="value" data-testid="kpi-reports-today">${k?.reportsToday ?? '—'}</span>
        <span class="sub" data-testid="kpi-last-week">${t('lastWeek', { n: this.lastWeek ?? '—' })}</span>
      </div>
      <div class="block">
        <span class="label">${t('lastHour')}</span>
        <span class="value" data-testid="kpi-last-hour">${k?.reportsLastHour ?? '—'}</span>
      </div>
      <div class="block">
        <span class="label">${t('openAlerts')}</span>
        <span class="value" data-testid="kpi-open-alerts">${k?.openAlerts ?? '—'}</span>
      </div>
      <div class="block">
        <div class="chips">
          ${(['surge', 'incident', 'citywide', 'district'] as const).map(
            (kind) => html`<span class="chip">${t(kind)} ${k?.openByKind[kind] ?? 0}</span>`,
          )}
        </div>
        <div class="chips">
          ${(['open', 'acknowledged', 'dispatched'] as const).map(
            (status) => html`<span class="chip">${t(status)} ${k?.openByStatus[status] ?? 0}</span>`,
          )}
        </div>
      </div>
      <div class="block">
        <span class="label">${t('engine')}</span>
        <span class="sub ${engine?.ready ? '' : 'bad'}" data-testid="engine-health">${engineText}</span>
      </div>
      <div class="block">
        <span class="label">${t('morningReport')}</span>
        ${
          this.latestReport
            ? html`<a class="report" data-testid="latest-report" target="_blank"
                href="/reports/${this.latestReport}.html?token=${encodeURIComponent(this.token ?? '')}"
                >${this.latestReport}</a>`
            : html`<span class="sub" data-testid="latest-report">${t('noReport')}</span>`
        }
      </div>
      <div class="spacer"></div>
      <div class="state" data-testid="connection" data-state=${this.connection}>
        ${t(this.connection === 'live' ? 'live' : this.connection === 'lost' ? 'lost' : 'connecting')}
      </div>
      <button data-testid="lang-toggle" @click=${() => this.dispatchEvent(new Event('toggle-lang'))}>
        ${t('langToggle')}
      </button>
    `;
  }
}
customElements.define('lz-wall-header', WallHeader);
