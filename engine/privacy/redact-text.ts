// Report texts leave for public surfaces (open data, Open311 reads, the morning report, the wall) only with the
// identifiers of the people in them replaced by typed placeholders, so a reader still sees that a phone number or
// a flat was given without seeing which.
import { digitForms, originalRange } from './digit-forms.ts';
import { findDoors } from './find-doors.ts';
import { findEmails } from './find-emails.ts';
import { findNames } from './find-names.ts';
import { findNumbers } from './find-numbers.ts';
import { findPlates } from './find-plates.ts';
import { findWechatIds } from './find-wechat-ids.ts';

export type RedactionKind = 'phone' | 'idcard' | 'bankcard' | 'email' | 'plate' | 'qq' | 'wechat' | 'name' | 'door';

/** A redacted part of the input: [start, end) in UTF-16 offsets into the text as given. */
export interface RedactedSpan {
  kind: RedactionKind;
  start: number;
  end: number;
}

export interface Redaction {
  /** The input with every span replaced by its kind's placeholder. */
  text: string;
  /** Sorted by start, non-overlapping. */
  spans: RedactedSpan[];
}

/** What a reader sees in place of each kind of identifier; none of them is itself found by any detector. */
export const PLACEHOLDERS: Readonly<Record<RedactionKind, string>> = {
  phone: '[电话]',
  idcard: '[身份证]',
  bankcard: '[银行卡]',
  email: '[邮箱]',
  plate: '[车牌]',
  qq: '[QQ]',
  wechat: '[微信]',
  name: '[姓名]',
  door: '[门牌]',
};

/**
 * When two detectors claim overlapping text, the more specific names the kind: an email holds the digits of a QQ
 * number, a checksummed ID outranks a phone read from part of it, a name or a door is the vaguest.
 */
const RANK: Readonly<Record<RedactionKind, number>> = {
  email: 0,
  idcard: 1,
  bankcard: 2,
  phone: 3,
  wechat: 4,
  qq: 5,
  plate: 6,
  door: 7,
  name: 8,
};

/**
 * Sorted, non-overlapping spans out of candidates that may overlap: overlapping ones become one span over both,
 * of the higher ranked kind. Dropping the lower one instead would leave part of it in the text, where a second
 * pass could read it differently (wxid_wxid_13812345678), and could leave part of an identifier readable.
 */
function mergeOverlaps(candidates: RedactedSpan[]): RedactedSpan[] {
  const merged: RedactedSpan[] = [];
  for (const span of candidates.sort((a, b) => a.start - b.start || b.end - a.end)) {
    const last = merged[merged.length - 1];
    if (last === undefined || span.start >= last.end) merged.push({ ...span });
    else {
      if (RANK[span.kind] < RANK[last.kind]) last.kind = span.kind;
      last.end = Math.max(last.end, span.end);
    }
  }
  return merged;
}

/**
 * `text` with personal identifiers replaced by typed placeholders (see {@link PLACEHOLDERS}): mobile and landline
 * numbers, resident IDs, bank cards, emails, licence plates, QQ and WeChat ids, names after a cue, and the
 * unit/floor/room part of home addresses. Numbers are read in any of the ways citizens write them (full-width,
 * in Chinese, spaced or dashed, with +86); public service numbers, order and tracking numbers, dates, prices,
 * estates, roads and public places stay. Spans are UTF-16 offsets into `text`, sorted and non-overlapping.
 * Redacting the result again changes nothing. Time is linear in the length of the text.
 *
 * @example
 * redactText('我叫王建国，电话 138-1234-5678，住锦城花园5栋2单元301室，请回电').text;
 * // => '我叫[姓名]，电话 [电话]，住锦城花园5栋[门牌]，请回电'
 * redactText('拨打12345，订单号 2026112312345678901').spans; // => []
 */
export function redactText(text: string): Redaction {
  const forms = digitForms(text);
  const inForms = [
    ...findEmails(forms.text),
    ...findNumbers(forms.text),
    ...findWechatIds(forms.text),
    ...findPlates(forms.text),
    ...findDoors(forms.text),
  ].map((s) => ({ kind: s.kind, ...originalRange(forms, s.start, s.end) }));
  const spans = mergeOverlaps([...inForms, ...findNames(text)]);
  const parts: string[] = [];
  let from = 0;
  for (const s of spans) {
    parts.push(text.slice(from, s.start), PLACEHOLDERS[s.kind]);
    from = s.end;
  }
  parts.push(text.slice(from));
  return { text: parts.join(''), spans };
}
