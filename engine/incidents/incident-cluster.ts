// One group of reports about the same place and problem inside a cell: its members within the window, its
// callers, and the alert it has opened. Plain JSON-safe state, so the tracker can snapshot it as is.

/** What a cluster keeps of one report. */
export interface Member {
  readonly id: string;
  readonly t: number;
  readonly minute: number;
  readonly caller: string;
  /** Normalised places named (紫荆小区3栋). */
  readonly places: readonly string[];
  /** Topic evidence words (电梯, 困人), for the summary. */
  readonly evidence: readonly string[];
  readonly signals: readonly string[];
  /** Position and MinHash signature of the text, for reports that give coordinates. */
  readonly lat?: number;
  readonly lon?: number;
  readonly signature?: readonly number[];
}

/** The alert a cluster has opened (null until it reaches the threshold). */
export interface OpenAlert {
  readonly id: string;
  readonly openedMinute: number;
}

export interface ClusterState {
  /** `district.topic|placeKey`, or `district.topic|near:<first report id>` for one found by position. */
  readonly key: string;
  readonly district: string;
  readonly topic: string;
  /** The place key the cluster is about, or null (reports close together, naming no place). */
  readonly place: string | null;
  members: Member[];
  /** Event minute of the newest member. */
  lastMinute: number;
  alert: OpenAlert | null;
}

/** Distinct callers among the members (those from `sinceMinute` on, if given). */
export function distinctCallers(c: ClusterState, sinceMinute = -Infinity): number {
  const callers = new Set<string>();
  for (const m of c.members) if (m.minute >= sinceMinute) callers.add(m.caller);
  return callers.size;
}

/** Drop the members older than minute `oldestKept` (members are in event-time order, so they are a prefix). */
export function expireMembers(c: ClusterState, oldestKept: number): void {
  let n = 0;
  while (n < c.members.length && c.members[n].minute < oldestKept) n += 1;
  if (n > 0) c.members.splice(0, n);
}

/** The full place phrase most members used (紫荆小区3栋 over 紫荆小区), ties to the first seen. */
export function placePhrase(c: ClusterState, placeKeyOf: (place: string) => string): string | null {
  if (c.place === null) return null;
  return (
    mostCommon(
      c.members.flatMap((m) => m.places.filter((p) => placeKeyOf(p) === c.place)),
      1,
    )[0] ?? c.place
  );
}

/** The evidence words most members share, leaving out words that are part of the place or district. */
export function problemWords(c: ClusterState, exclude: (word: string) => boolean, count = 2): string[] {
  return mostCommon(
    c.members.flatMap((m) => m.evidence.filter((w) => !exclude(w))),
    count,
  );
}

/** Mean position of the members that have one, or null. */
export function centroid(c: ClusterState): { lat: number; lon: number } | null {
  const located = c.members.filter((m) => m.lat !== undefined && m.lon !== undefined);
  if (located.length === 0) return null;
  return { lat: mean(located.map((m) => m.lat!)), lon: mean(located.map((m) => m.lon!)) };
}

/** The `count` most frequent values, most frequent first, ties by first appearance. */
function mostCommon(values: readonly string[], count: number): string[] {
  const tally = new Map<string, number>();
  for (const v of values) tally.set(v, (tally.get(v) ?? 0) + 1);
  return [...tally]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([v]) => v);
}

/** Great-circle distance in metres (haversine). */
export function metres(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
