// Counted reports as columns, for crossing from the intake thread: transferred typed arrays and two flat
// string lists instead of a cloned object per report; the main thread rebuilds the same reports.
import type { Profile } from '../profile/city-profile.ts';
import type { CountedReport } from './report.ts';

/** Index stored for a district or topic that is not settled (null). */
const NONE = 0xffff;

export interface PackedReports {
  /** Per report: event time, and district and topic as indexes into the profile's code lists. */
  readonly times: Float64Array;
  readonly districts: Uint16Array;
  readonly topics: Uint16Array;
  readonly ids: string[];
  readonly callers: string[];
}

/** Collects the counted fields of reports; `take` hands over the columns and starts afresh. */
export class ReportPacker {
  private readonly districtIndex: Map<string, number>;
  private readonly topicIndex: Map<string, number>;
  private times: number[] = [];
  private districts: number[] = [];
  private topics: number[] = [];
  private ids: string[] = [];
  private callers: string[] = [];

  constructor(profile: Profile) {
    this.districtIndex = new Map(profile.districtCodes.map((c, i) => [c, i]));
    this.topicIndex = new Map(profile.topicCodes.map((c, i) => [c, i]));
  }

  /** Reports collected since the last `take`. */
  get length(): number {
    return this.ids.length;
  }

  add(r: CountedReport): void {
    this.times.push(r.t);
    this.districts.push(r.district === null ? NONE : this.districtIndex.get(r.district)!);
    this.topics.push(r.topic === null ? NONE : this.topicIndex.get(r.topic)!);
    this.ids.push(r.id);
    this.callers.push(r.caller);
  }

  take(): PackedReports {
    const packed: PackedReports = {
      times: Float64Array.from(this.times),
      districts: Uint16Array.from(this.districts),
      topics: Uint16Array.from(this.topics),
      ids: this.ids,
      callers: this.callers,
    };
    this.times = [];
    this.districts = [];
    this.topics = [];
    this.ids = [];
    this.callers = [];
    return packed;
  }
}

/** The typed arrays of a packed batch, to transfer rather than copy. */
export const transferables = (p: PackedReports): ArrayBuffer[] => [p.times, p.districts, p.topics].map((a) => a.buffer as ArrayBuffer);

/** The reports of one packed batch, in the order packed, equal to those packed. */
export function unpackReports(p: PackedReports, profile: Profile): CountedReport[] {
  const districts = profile.districtCodes;
  const topics = profile.topicCodes;
  const out = new Array<CountedReport>(p.ids.length);
  for (let i = 0; i < out.length; i++) {
    const d = p.districts[i];
    const t = p.topics[i];
    out[i] = { id: p.ids[i], t: p.times[i], district: d === NONE ? null : districts[d], topic: t === NONE ? null : topics[t], caller: p.callers[i] };
  }
  return out;
}
