// The wall (/wall): the city's hotline at a glance for a room, from a kiosk URL carrying a viewer token. It only
// lays out and renders; the live feed, the clock, the REST figures and the language live in controllers.
import type { LiveAlert } from '../../../schemas/alert-workflow.ts';
import { css, html, LitElement } from 'lit';
import { ApiClient } from '../shared/api-client.ts';
import { takeToken } from '../shared/auth-controller.ts';
import { FeedClockController, formatFeedTime } from '../shared/feed-clock-controller.ts';
import { LangController, translator } from '../shared/i18n.ts';
import { LiveController } from '../shared/live-controller.ts';
import { alertStates, scores } from './alert-cells.ts';
import { WallDataController } from './wall-data-controller.ts';
import { WALL_STRINGS } from './wall-strings.ts';
import './alert-ticker.ts';
import './day-rankings.ts';
import './district-map.ts';
import './heat-grid.ts';
import './trend-chart.ts';
import './wall-header.ts';

const t = translator(WALL_STRINGS);
/** How long a new alert stays lit in the ticker. */
const FRESH_MS = 6_000;

const newestFirst = (a: LiveAlert, b: LiveAlert) =>
  (a.status === 'resolved' ? 1 : 0) - (b.status === 'resolved' ? 1 : 0) || b.openedAt.localeCompare(a.openedAt);

export class WallView extends LitElement {
  private readonly token = takeToken();
  private readonly language = new LangController(this);
  private readonly live = this.token ? new LiveController(this, { token: this.token }) : null;
  private readonly clock = this.live ? new FeedClockController(this, this.live) : null;
  private readonly data =
    this.live && this.token ? new WallDataController(this, new ApiClient(this.token), this.live) : null;
  /** When each alert was first seen opening (performance.now()), for the ticker's highlight. */
  private readonly arrived = new Map<string, number>();

  static override styles = css`
    :host { display: grid; grid-template-rows: auto 1fr; width: 100vw; height: 100vh; overflow: hidden;
      background: #0b0f16; color: #e8edf3;
      font-family: 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif; }
    main { display: grid; grid-template-columns: 44fr 30fr 26fr; gap: 1.2rem; padding: 0.8rem 1.2rem;
      min-height: 0; }
    .col { display: flex; flex-direction: column; gap: 0.8rem; min-height: 0; }
    lz-heat-grid { flex: 1; }
    lz-district-map { flex: 0 0 48%; }
    .ranks { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
    .trends { display: flex; flex-direction: column; gap: 0.3rem; }
    h2 { font-size: 1.25rem; margin: 0; font-weight: 600; color: #c4d0de; }
    lz-alert-ticker { flex: 1; }
    .signin { font-size: 2rem; padding: 3rem; }
  `;

  override render() {
    if (!this.live || !this.clock || !this.data) return html`<div class="signin">${t('signIn')}</div>`;
    const { snapshot, engine, connection, alerts } = this.live;
    const labels = this.data.labels;
    const timeZone = labels?.profile.timezone ?? 'Asia/Shanghai';
    const now = this.clock.now;
    const cells = snapshot?.cells ?? [];
    const score = scores(cells);
    const callers = new Map(cells.map((c) => [`${c.district}.${c.topic}`, c.callers]));
    const states = alertStates(alerts.values());
    const board = [...alerts.values()].sort(newestFirst);
    // A cell's trend follows its alerts; a citywide or district alert has no one cell to follow.
    const inAlert = board.filter(
      (a) => a.status !== 'resolved' && a.district !== null && a.topic !== null,
    ) as (LiveAlert & {
      district: string;
      topic: string;
    })[];
    this.data.followAlertCells(inAlert);
    const fresh = this.freshIds();
    const openings = (district: string | null, topic: string | null) =>
      board
        .filter((a) => district === null || (a.district === district && a.topic === topic))
        .map((a) => Date.parse(a.openedAt));
    return html`
      <lz-wall-header
        .kpis=${snapshot?.kpis ?? null}
        .feedTime=${now === null ? null : formatFeedTime(now, timeZone)}
        .lastWeek=${this.data.lastWeekSoFar}
        .engine=${engine}
        .connection=${connection}
        .latestReport=${this.data.latestReport}
        .token=${this.token}
        @toggle-lang=${() => this.language.toggle()}
      ></lz-wall-header>
      <main>
        <div class="col">
          <lz-heat-grid
            .labels=${labels}
            .scores=${score.cells}
            .callers=${callers}
            .states=${states.cells}
            .windowMinutes=${snapshot?.windowMinutes ?? 60}
          ></lz-heat-grid>
        </div>
        <div class="col">
          <lz-district-map .labels=${labels} .scores=${score.districts} .states=${states.districts}></lz-district-map>
          <div class="ranks">
            <lz-day-rankings .heading=${t('rankDistricts')} .tallies=${this.data.byDistrict} .show=${10}>
            </lz-day-rankings>
            <lz-day-rankings .heading=${t('rankTopics')} .tallies=${this.data.byTopic} .show=${10}>
            </lz-day-rankings>
          </div>
        </div>
        <div class="col">
          <div class="trends">
            <h2>${t('trend')}</h2>
            ${this.data.trends.map(
              (trend) => html`<lz-trend-chart
                data-trend=${trend.key}
                .heading=${
                  trend.district === null || trend.topic === null
                    ? t('city')
                    : `${labels?.districtName(trend.district) ?? trend.district} · ${
                        labels?.topicName(trend.topic) ?? trend.topic
                      }`
                }
                .points=${trend.points}
                .openings=${openings(trend.district, trend.topic)}
                .timeZone=${timeZone}
              ></lz-trend-chart>`,
            )}
          </div>
          <lz-alert-ticker .labels=${labels} .alerts=${board} .now=${now} .fresh=${fresh}></lz-alert-ticker>
        </div>
      </main>
    `;
  }

  /** Alerts whose opening this wall saw in the last few seconds (not those already on the board when it loaded). */
  private freshIds(): Set<string> {
    const at = performance.now();
    for (const change of this.live?.changes ?? [])
      if (change.type === 'alert.opened' && !this.arrived.has(change.alert.id)) this.arrived.set(change.alert.id, at);
    return new Set([...this.arrived].filter(([, seen]) => at - seen < FRESH_MS).map(([id]) => id));
  }
}
customElements.define('lz-wall', WallView);
