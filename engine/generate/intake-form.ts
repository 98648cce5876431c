// Turns a synthetic event into the intake report contract (docs/architecture.md), varied the way real intake varies.
import type { IntakeReport } from '../../schemas/intake-report.ts';
import type { Profile } from '../profile/city-profile.ts';
import type { CityClock } from '../time/event-time.ts';
import type { FeedEvent } from './feed-event.ts';
import type { RandomStream } from './random-stream.ts';

const CHINESE_NAME_SHARE = 0.1;
const ADDRESS_SHARE = 0.3;
const ANONYMOUS_SHARE = 0.1;

/** Writes events as intake reports: channel, code or Chinese name, optional caller and address. */
export class IntakeForm {
  private readonly channelWeights: number[];

  constructor(
    private readonly profile: Profile,
    private readonly clock: CityClock,
  ) {
    // The first channel (the hotline) carries most reports; each next one half as many.
    this.channelWeights = profile.data.channels.map((_, i) => 0.5 ** i);
  }

  /** The intake report for an event with its id; text-only events get no district or topic. */
  write(rng: RandomStream, event: FeedEvent, id: string): IntakeReport {
    const channels = this.profile.data.channels;
    const channelIndex = channels.length > 0 ? rng.weightedIndex(this.channelWeights) : -1;
    const report: IntakeReport = { id, receivedAt: this.clock.format(event.t), text: event.content.text };
    if (channelIndex >= 0) report.channel = channels[channelIndex];
    if (!event.textOnly) {
      report.district = rng.chance(CHINESE_NAME_SHARE)
        ? (this.profile.district(event.district)?.name ?? event.district)
        : event.district;
      report.topic = rng.chance(CHINESE_NAME_SHARE)
        ? (this.profile.topic(event.topic)?.name ?? event.topic)
        : event.topic;
    }
    const anonymous = channelIndex > 0 && !event.tag && rng.chance(ANONYMOUS_SHARE);
    if (!anonymous) report.callerId = event.caller;
    if (event.content.address && rng.chance(ADDRESS_SHARE)) report.location = { address: event.content.address };
    return report;
  }
}
