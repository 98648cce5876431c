// Groups the reports of each district×topic cell that are about the same place and problem, and opens an
// `incident` alert when a group reaches enough distinct callers. Fed one closed event-time minute at a time;
// decisions depend only on those minutes, state expires with the window, and state()/fromState carry it over.
import type { AlertEvent } from '../../schemas/alert-event.ts';
import type { Report } from '../intake/report.ts';
import { UNKNOWN } from '../intake/report.ts';
import type { Profile } from '../profile/city-profile.ts';
import type { CityClock } from '../time/event-time.ts';
import { Gazetteer } from '../enrich/gazetteer.ts';
import { resolveDeciderOptions, type DeciderSettings, type IncidentOptions } from '../decide/decider-options.ts';
import { placeKey, samePlace } from '../enrich/place-phrases.ts';
import { incidentEvent, incidentId, type AlertContext } from './incident-alert.ts';
import { ClusterIndex } from './cluster-index.ts';
import {
  centroid,
  distinctCallers,
  expireMembers,
  metres,
  type ClusterState,
  type Member,
} from './incident-cluster.ts';
import { minhash, similarity } from './minhash.ts';

export interface IncidentTrackerOptions {
  readonly profile: Profile;
  readonly clock: CityClock;
  /** Detector settings (--set) over the profile's `detector` ones over the defaults: their `incidents` group. */
  readonly settings?: DeciderSettings;
  /** Event-time minutes a report stays in its cluster (before scaling; overrides the settings). */
  readonly windowMinutes?: number;
  /** Distinct callers that open an incident… */
  readonly threshold?: number;
  /** …within this many event-time minutes (a busy place can hear six people over three hours on an ordinary day). */
  readonly openWindowMinutes?: number;
  /** Event-time minutes without a new report after which an open incident is resolved. */
  readonly quietMinutes?: number;
  /** Reports with coordinates join a cluster within this many metres whose texts are this similar. */
  readonly radiusMeters?: number;
  readonly nearbySimilarity?: number;
  /** Clusters kept per cell; the oldest unalerted one goes first. */
  readonly maxClustersPerCell?: number;
}

/** Reports seen since the first one's minute: the feed's rate, which stretches the spans of a quiet feed. */
export interface FeedVolume {
  readonly firstMinute: number;
  readonly reports: number;
}

/** What the tracker remembers: every cluster still inside the window, and the feed's volume so far. */
export interface IncidentTrackerState {
  readonly clusters: readonly ClusterState[];
  readonly volume?: FeedVolume;
}

const DAY_MINUTES = 1440;

export class IncidentTracker {
  private readonly o: IncidentOptions;
  private readonly ctx: AlertContext;
  private readonly clusters: ClusterIndex;
  private readonly gazetteer: Gazetteer;
  /** The minute being processed. */
  private now = 0;
  private volume: FeedVolume | null = null;
  /** The spans in force this minute: the options' stretched by the feed's rate (see IncidentOptions.fullScalePerDay). */
  private windowMinutes: number;
  private openWindowMinutes: number;
  private quietMinutes: number;

  constructor(options: IncidentTrackerOptions) {
    const { profile, clock, settings, ...explicit } = options;
    const fromSettings = resolveDeciderOptions(profile.data.detector, settings).incidents;
    this.o = { ...fromSettings, ...explicit };
    this.windowMinutes = this.o.windowMinutes;
    this.openWindowMinutes = this.o.openWindowMinutes;
    this.quietMinutes = this.o.quietMinutes;
    this.clusters = new ClusterIndex(this.o.maxClustersPerCell);
    this.gazetteer = new Gazetteer(profile);
    this.ctx = {
      profile,
      clock,
      placeKeyOf: placeKey,
      isAreaWord: (w) => this.gazetteer.find(w).evidence.length > 0,
    };
  }

  /** How far a quiet feed stretches the spans: fullScalePerDay ÷ its rate, from 1 to maxScale, once a day is seen. */
  private scale(minute: number): number {
    const v = this.volume;
    const days = v === null ? 0 : (minute - v.firstMinute + 1) / DAY_MINUTES;
    if (v === null || days < 1) return 1;
    return Math.min(this.o.maxScale, Math.max(1, this.o.fullScalePerDay / (v.reports / days)));
  }

  /**
   * Take one closed event-time minute (epoch minute index) with its reports, all cells, sorted by (t, id) and
   * already enriched; returns the incident alert events it causes, in a deterministic order.
   */
  onMinute(minute: number, reports: readonly Report[]): AlertEvent[] {
    const touched = new Set<ClusterState>();
    this.now = minute;
    if (reports.length > 0)
      this.volume = {
        firstMinute: this.volume?.firstMinute ?? minute,
        reports: (this.volume?.reports ?? 0) + reports.length,
      };
    const scale = this.scale(minute);
    this.windowMinutes = Math.round(this.o.windowMinutes * scale);
    this.openWindowMinutes = Math.round(this.o.openWindowMinutes * scale);
    this.quietMinutes = Math.round(this.o.quietMinutes * scale);
    for (const r of reports) {
      const c = this.assign(r, minute);
      if (c) touched.add(c);
    }
    const events: AlertEvent[] = [];
    for (const c of this.clusters.all.values()) {
      expireMembers(c, minute - this.windowMinutes + 1);
      const quiet = minute - c.lastMinute >= this.quietMinutes;
      if (c.alert && (quiet || c.members.length === 0)) {
        events.push(incidentEvent('alert.resolved', c, minute, this.ctx));
        this.clusters.drop(c);
      } else if (c.members.length === 0) this.clusters.drop(c);
      else if (touched.has(c)) this.decide(c, minute, events);
    }
    return events;
  }

  /** Ids of the open incident alerts in a cell (a surge alert links to them). */
  openIncidentIds(district: string, topic: string): string[] {
    return [...this.clusters.inCell(district, topic)].filter((c) => c.alert).map((c) => c.alert!.id);
  }

  /** The tracker's clusters, with their members and open alerts (its own objects: read them before the next minute). */
  state(): IncidentTrackerState {
    return { clusters: [...this.clusters.all.values()], ...(this.volume ? { volume: { ...this.volume } } : {}) };
  }

  /** A tracker that continues from `state`, with the given options. */
  static fromState(state: IncidentTrackerState, options: IncidentTrackerOptions): IncidentTracker {
    const tracker = new IncidentTracker(options);
    for (const c of state.clusters) tracker.clusters.add(structuredClone(c));
    tracker.volume = state.volume ? { ...state.volume } : null;
    return tracker;
  }

  private decide(c: ClusterState, minute: number, events: AlertEvent[]): void {
    if (c.alert) {
      events.push(incidentEvent('alert.updated', c, minute, this.ctx));
    } else if (this.recentCallers(c) >= this.o.threshold) {
      c.alert = { id: incidentId(c, minute, this.ctx.clock), openedMinute: minute };
      events.push(incidentEvent('alert.opened', c, minute, this.ctx));
    }
  }

  /**
   * Put a report into its cluster, creating one when none fits; a report naming no place and giving no position joins
   * none.
   */
  private assign(r: Report, minute: number): ClusterState | null {
    const district = r.district ?? UNKNOWN;
    const topic = r.topic ?? UNKNOWN;
    const member = toMember(r, minute);
    const places = this.specificPlaces(member.places).map((p) => this.known(district, p));
    const found = this.byPlace(district, topic, places, r) ?? this.nearby(district, topic, member);
    if (!found && places.length === 0 && member.lat === undefined) return null;
    const c = found ?? this.clusters.create(district, topic, places[0] ?? null, member.id);
    c.members.push(member);
    c.lastMinute = minute;
    return c;
  }

  /**
   * The key a district's clusters already use for this place, when one contains the other (鑫达搅拌站 and
   * 江川鑫达混凝土搅拌站, see samePlace), else the key itself: people write one estate or site in several ways.
   */
  private known(district: string, place: string): string {
    if (district === UNKNOWN) return place;
    for (const other of this.clusters.placesIn(district)) if (samePlace(place, other)) return other;
    return place;
  }

  /** Place keys of a report's places that name a place, not an area (春熙路 settles a district, not an incident). */
  private specificPlaces(places: readonly string[]): string[] {
    const keys: string[] = [];
    for (const p of places) {
      const key = placeKey(p);
      if (this.gazetteer.find(key).evidence.join('') !== key && !keys.includes(key)) keys.push(key);
    }
    return keys;
  }

  /**
   * The cluster about one of these places. A report whose topic and district came as fields joins its own cell's.
   * Fields settled from text are weaker evidence than the place: a report of unknown district may join that
   * place's cluster in any district, and one whose topic the classifier chose may join the place's largest
   * cluster of any topic in its district (so an early misread does not split an incident in two) — but only
   * while that cluster is hot (half the threshold in the opening window), so a busy place's everyday reports
   * of other topics stay out.
   */
  private byPlace(district: string, topic: string, places: readonly string[], r: Report): ClusterState | undefined {
    const anyDistrict = r.district === null;
    const anyTopic = r.enrichment !== undefined && r.enrichment.topic.source !== 'field';
    for (const p of places) {
      const own = this.clusters.get(`${district}.${topic}|${p}`);
      if (own && !anyTopic) return own;
      let best = own;
      for (const c of this.clusters.aboutPlace(p)) {
        if (c === own || !(anyDistrict || c.district === district) || !(anyTopic || c.topic === topic)) continue;
        const callers = this.recentCallers(c);
        if (callers >= Math.ceil(this.o.threshold / 2) && (!best || callers > this.recentCallers(best))) best = c;
      }
      if (best) return best;
    }
    return undefined;
  }

  /** The cluster in the cell, naming no place, around the report's position whose newest text is most like its own. */
  private nearby(district: string, topic: string, m: Member): ClusterState | undefined {
    if (m.lat === undefined || m.lon === undefined || m.signature === undefined) return undefined;
    let best: ClusterState | undefined;
    let bestSimilarity = this.o.nearbySimilarity;
    for (const c of this.clusters.inCell(district, topic)) {
      const at = centroid(c);
      const last = c.members[c.members.length - 1].signature;
      if (
        c.place !== null ||
        at === null ||
        last === undefined ||
        metres(at, { lat: m.lat, lon: m.lon }) > this.o.radiusMeters
      )
        continue;
      const s = similarity(last, m.signature);
      if (s >= bestSimilarity) [best, bestSimilarity] = [c, s];
    }
    return best;
  }

  /** Distinct callers of the cluster inside the opening window ending at the current minute. */
  private recentCallers(c: ClusterState): number {
    return distinctCallers(c, this.now - this.openWindowMinutes + 1);
  }
}

function toMember(r: Report, minute: number): Member {
  const e = r.enrichment;
  const loc = r.raw.location;
  const located = loc?.lat !== undefined && loc?.lon !== undefined;
  return {
    id: r.id,
    t: r.t,
    minute,
    caller: r.caller,
    places: e?.places ?? [],
    evidence: e?.topic.evidence ?? [],
    signals: e?.urgency.signals ?? [],
    ...(located ? { lat: loc.lat, lon: loc.lon, signature: minhash(r.text) } : {}),
  };
}
