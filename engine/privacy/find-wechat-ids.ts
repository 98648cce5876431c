// A WeChat id (letters, digits, '-' and '_') is only recognisable by the cue before it — 微信, vx, wx — or by the
// wxid_ prefix WeChat gives ids it assigns. A phone number given as a WeChat id is found with the numbers.
import type { RedactedSpan } from './redact-text.ts';

/**
 * An assigned wxid_ id on its own (tried first, so its wx is not read as a cue); or a cue, an optional 号/ID, glue
 * (space, colon, 是, 为), then an id of 6 to 20 characters starting with a letter. Neither starts inside a run of
 * id characters nor runs on into more: a run is an id whole or not at all, so redacting part of it elsewhere cannot
 * leave a shorter run that reads as an id on a second pass.
 */
const WECHAT_ID =
  /(?:(?<![-_A-Za-z0-9])(wxid_[A-Za-z0-9]{4,20})|(?<![-_A-Za-z0-9])(?:加微信|微信号?|威信|薇信|V信|wechat|weixin|vx|wx)(?:号|id)?[ :=]{0,2}(?:是|为)?[ :]{0,2}([A-Za-z][-_A-Za-z0-9]{5,19}))(?![-_A-Za-z0-9])/gi;

/**
 * WeChat ids in detector-form text (full-width letters and colons already folded), as 'wechat' spans covering
 * the id only.
 *
 * @example
 * findWechatIds('加我微信: zhangwei_88 或 wxid_a1b2c3d4'); // => [{ kind: 'wechat', start: 6, end: 17 }, { kind: 'wechat', start: 20, end: 33 }]
 * findWechatIds('微信群里说的'); // => []
 */
export function findWechatIds(text: string): RedactedSpan[] {
  const spans: RedactedSpan[] = [];
  for (const m of text.matchAll(WECHAT_ID)) {
    const id = m[1] ?? m[2];
    const end = m.index + m[0].length;
    spans.push({ kind: 'wechat', start: end - id.length, end });
  }
  return spans;
}
