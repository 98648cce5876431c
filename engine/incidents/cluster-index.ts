// The live clusters, findable by key, by cell and by place across cells; creation order is kept, because it is
// the order in which the tracker decides and so what makes its output deterministic. Bounded per cell.
import type { ClusterState } from './incident-cluster.ts';

export class ClusterIndex {
  /** Clusters by key, in creation order. */
  readonly all = new Map<string, ClusterState>();
  private readonly byPlace = new Map<string, ClusterState[]>();
  private readonly byCell = new Map<string, Set<ClusterState>>();
  /** The place keys of each district's clusters, with how many clusters are about each. */
  private readonly placesOf = new Map<string, Map<string, number>>();

  constructor(private readonly maxPerCell: number) {}

  get(key: string): ClusterState | undefined {
    return this.all.get(key);
  }

  /** The clusters of one district×topic cell. */
  inCell(district: string, topic: string): ReadonlySet<ClusterState> {
    return this.byCell.get(cellKey(district, topic)) ?? new Set();
  }

  /** The clusters about a place key, in any cell. */
  aboutPlace(place: string): readonly ClusterState[] {
    return this.byPlace.get(place) ?? [];
  }

  /** The place keys some cluster of the district is about, oldest first. */
  placesIn(district: string): Iterable<string> {
    return this.placesOf.get(district)?.keys() ?? [];
  }

  /** A new empty cluster; a cell at its limit first loses its oldest cluster that has no alert. */
  create(district: string, topic: string, place: string | null, firstId: string): ClusterState {
    const cell = this.inCell(district, topic);
    if (cell.size >= this.maxPerCell) {
      const oldest = [...cell].find((c) => !c.alert);
      if (oldest) this.drop(oldest);
    }
    const key = `${cellKey(district, topic)}|${place ?? `near:${firstId}`}`;
    const c: ClusterState = { key, district, topic, place, members: [], lastMinute: 0, alert: null };
    this.add(c);
    return c;
  }

  add(c: ClusterState): void {
    this.all.set(c.key, c);
    const cell = cellKey(c.district, c.topic);
    this.byCell.set(cell, (this.byCell.get(cell) ?? new Set()).add(c));
    if (c.place === null) return;
    this.byPlace.set(c.place, [...this.aboutPlace(c.place), c]);
    const places = this.placesOf.get(c.district) ?? new Map<string, number>();
    places.set(c.place, (places.get(c.place) ?? 0) + 1);
    this.placesOf.set(c.district, places);
  }

  drop(c: ClusterState): void {
    this.all.delete(c.key);
    const cell = this.byCell.get(cellKey(c.district, c.topic));
    cell?.delete(c);
    if (cell?.size === 0) this.byCell.delete(cellKey(c.district, c.topic));
    if (c.place === null) return;
    const places = this.placesOf.get(c.district)!;
    const left = places.get(c.place)! - 1;
    if (left > 0) places.set(c.place, left);
    else places.delete(c.place);
    if (places.size === 0) this.placesOf.delete(c.district);
    const rest = this.aboutPlace(c.place).filter((x) => x !== c);
    if (rest.length > 0) this.byPlace.set(c.place, rest);
    else this.byPlace.delete(c.place);
  }
}

const cellKey = (district: string, topic: string) => `${district}.${topic}`;
