// One synthetic report before it gets an id and its intake form: when, which cell, who, what was said.
import type { RandomStream } from './random-stream.ts';
import type { ReportContent } from './report-text.ts';

export interface FeedEvent {
  /** Event time, epoch ms, whole seconds. */
  readonly t: number;
  readonly district: string;
  readonly topic: string;
  readonly caller: string;
  /** The report carries no district/topic fields, only its text. */
  readonly textOnly: boolean;
  readonly content: ReportContent;
  /** Id of the injected surge or decoy this report belongs to. */
  readonly tag?: string;
}

/** Share of reports that arrive as text only, without district and topic. */
export const TEXT_ONLY_SHARE = 0.2;

/** Whether a report is text-only and whether its text names the district (text-only ones mostly do). */
export function drawReportStyle(rng: RandomStream): { textOnly: boolean; mentionDistrict: boolean } {
  const textOnly = rng.chance(TEXT_ONLY_SHARE);
  return { textOnly, mentionDistrict: rng.chance(textOnly ? 0.8 : 0.45) };
}

/** A whole-second time drawn uniformly in [from, to). */
export function secondIn(rng: RandomStream, from: number, to: number): number {
  return Math.floor(rng.between(from, to) / 1000) * 1000;
}
