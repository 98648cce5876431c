// Extracts the places a report names (XX小区3栋, 人民南路三段, 鑫达电子厂) and normalises them, so two callers
// who write 紫荆小区三栋 and 紫荆小区3栋 point at the same place.
import { CodeSet } from './code-set.ts';
import type { Gazetteer } from './gazetteer.ts';
import { PhraseMatcher, type PhraseHit } from './phrase-matcher.ts';
import {
  ADMIN_PREFIX,
  ADMIN_PREFIX_ENDS,
  ADMIN_PREFIX_MAX_LENGTH,
  DETERMINERS,
  LEADING_VERBS,
  MAX_NAME_LENGTH,
  NAME_STOPS,
  PLACE_SUFFIXES,
  TIME_WORDS,
  type PlaceKind,
  type PlaceSuffix,
} from './place-suffixes.ts';

/** A suffix of the table as the scan checks it (notBefore as a code set). */
export interface Suffix {
  readonly kind: PlaceKind;
  readonly notBefore: CodeSet | null;
  readonly notWords: readonly string[];
  /** The character right before the suffix in each of its notWords: before any other, none of them can match. */
  readonly notWordLeads: CodeSet;
  readonly bare: boolean;
}

function asChecked(text: string, s: PlaceSuffix): Suffix {
  const notWords = s.notWords ?? [];
  const odd = notWords.find((w) => w.length <= text.length || !w.endsWith(text));
  if (odd !== undefined)
    throw new Error(`place-suffixes: notWord ${odd} of ${text} must be longer and end with ${text}`);
  const leads = new CodeSet(notWords.map((w) => w[w.length - text.length - 1]).join(''));
  return {
    kind: s.kind,
    notBefore: s.notBefore ? new CodeSet(s.notBefore) : null,
    notWords,
    notWordLeads: leads,
    bare: s.bare === true,
  };
}

/** The place suffixes of the table (a TextScan may run it with others). */
export const placeSuffixes = new PhraseMatcher(
  [...PLACE_SUFFIXES].map(([text, s]) => ({ text, value: asChecked(text, s) })),
);
const stops = new CodeSet(NAME_STOPS);
/** First characters of the time words and determiners: a name starting with none of them has none to strip. */
const leadingWordStarts = new CodeSet([...TIME_WORDS, ...DETERMINERS, ...LEADING_VERBS].map((w) => w[0]).join(''));
const adminEnds = new CodeSet(ADMIN_PREFIX_ENDS);
const NUMERAL = '0123456789一二三四五六七八九十两';
/** What may follow a place: building, phase, road section, door number, station exit. */
const DETAIL = new RegExp(
  `^(?:[${NUMERAL}]+(?:栋|幢|号楼|单元|期)|[东西南北中]?[${NUMERAL}]*段|[${NUMERAL}]+号(?!线)|[A-Za-z][0-9]?口)+`,
);
/** The characters a detail can start with: after any other, DETAIL is not tried. */
const detailStarts = new CodeSet(`${NUMERAL}东西南北中段ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz`);
/** A place of CJK characters other than numerals is already normal: normalisePlace has nothing to change. */
const NEEDS_NORMALISING = /[^\u4e00-\u9fff]|[一二三四五六七八九十两]/;
const DETAIL_AT_END = /(?:[0-9]+(?:栋|幢|号楼|单元|期)|[东西南北中]?[0-9]*段|[0-9]+号|[a-z][0-9]?口)+$/;
const MAX_PLACES = 5;
const CONJUNCTIONS = new CodeSet('和与及跟同');
/** Kinds of suffix that, right after a place, name a facility of it (a road right after a road is not one). */
const EXTENDING_KINDS = new Set<PlaceKind>(['station', 'site', 'office', 'school', 'hospital', 'shop', 'market']);
const DETAIL_NUMBER = new RegExp(`([${NUMERAL}]+)(?=栋|幢|号楼|单元|期|段|号)`, 'g');

/**
 * The places in a text, normalised (see normalisePlace), in text order, without repeats.
 * A place is a name of 2–12 characters left of a known suffix (place-suffixes.ts), cut at function words and stripped
 * of
 * district names, determiners and time words (高新区一小区 names no place; 崇州一玻璃厂 names 玻璃厂).
 * `hits`: placeSuffixes' scan of the text, when a TextScan already made it.
 */
export function extractPlaces(
  text: string,
  gazetteer: Gazetteer,
  hits: readonly PhraseHit<Suffix>[] = placeSuffixes.scan(text),
): string[] {
  const places: string[] = [];
  let boundary = 0; // a name never reaches back into the place before it (鑫达化工厂渣土车…工地 names no 工地)
  let previous = '';
  for (const hit of hits) {
    const end = hit.at + hit.text.length;
    if (!isPlaceSuffix(text, hit.at, end, hit.value)) continue;
    // Right after another place, a facility suffix extends it: 建设路 + 公交站, 鑫达化工厂 + 工地 (both are kept).
    const extendsPrevious = hit.at === boundary && previous !== '' && EXTENDING_KINDS.has(hit.value.kind);
    const name = extendsPrevious ? previous : nameBefore(text, boundary, hit.at, gazetteer);
    if (name.length < 2 && !(name.length === 0 && hit.value.bare)) continue;
    const detail =
      end < text.length && detailStarts.has(text.charCodeAt(end))
        ? (DETAIL.exec(text.slice(end, end + 12))?.[0] ?? '')
        : '';
    previous = name + hit.text + detail;
    boundary = end + detail.length;
    const place = normalisePlace(previous);
    if (!places.includes(place)) places.push(place);
    if (places.length === MAX_PLACES) break;
  }
  return places;
}

/** The place without building, section, number or exit: what reports about one estate or road share. */
export function placeKey(place: string): string {
  return place.replace(DETAIL_AT_END, '') || place;
}

/** A place key's name and its suffix (鑫达搅拌站 → 鑫达 + 搅拌站; the longest suffix of the table that ends it). */
export function placeStem(key: string): { readonly stem: string; readonly suffix: string } {
  let suffix = '';
  for (const hit of placeSuffixes.scan(key))
    if (hit.at + hit.text.length === key.length && hit.text.length > suffix.length) suffix = hit.text;
  return { stem: key.slice(0, key.length - suffix.length), suffix };
}

/**
 * Whether two place keys of one district name the same place as people write it: one contains the other (鑫达化工厂
 * in 鑫达化工厂工地, four characters or more), or one's name contains the other's (江川鑫达混凝土搅拌站 and 鑫达搅拌站:
 * two characters or more under one suffix (搅拌站 ends 混凝土搅拌站), three under different ones, 锦绣江南小区 and 锦绣江南苑).
 */
export function samePlace(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length >= 4 && long.includes(short)) return true;
  const x = placeStem(short);
  const y = placeStem(long);
  const [s, l] = x.stem.length <= y.stem.length ? [x.stem, y.stem] : [y.stem, x.stem];
  const sameSuffix = x.suffix !== '' && y.suffix !== '' && (x.suffix.endsWith(y.suffix) || y.suffix.endsWith(x.suffix));
  return s.length >= (sameSuffix ? 2 : 3) && l.includes(s);
}

/** Half-width digits and letters, lower case, Chinese numerals in building/section/number details as digits. */
export function normalisePlace(place: string): string {
  if (!NEEDS_NORMALISING.test(place)) return place;
  const half = place
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\s+/g, '')
    .toLowerCase();
  return half.replace(DETAIL_NUMBER, (n) => String(chineseNumber(n)));
}

function isPlaceSuffix(text: string, at: number, end: number, suffix: Suffix): boolean {
  if (suffix.notBefore && end < text.length && suffix.notBefore.has(text.charCodeAt(end))) return false;
  if (at === 0 || !suffix.notWordLeads.has(text.charCodeAt(at - 1))) return true;
  for (const w of suffix.notWords) if (text.startsWith(w, end - w.length)) return false;
  return true;
}

/**
 * Walk left from the suffix to a stop character (or the previous place), then strip district names, street and town
 * prefixes, leading verbs and leading words.
 */
function nameBefore(text: string, boundary: number, at: number, gazetteer: Gazetteer): string {
  let from = at;
  while (from > boundary && at - from < MAX_NAME_LENGTH && !stops.has(text.charCodeAt(from - 1))) from -= 1;
  let name = text.slice(from, at);
  // 学校和医院, 小区与工地: a name ending in a conjunction joins two generic words, it names neither place.
  if (CONJUNCTIONS.has(name.charCodeAt(name.length - 1))) return '';
  for (let changed = true; changed; ) {
    const stripped = stripLeadingWord(gazetteer.stripLeadingName(name));
    changed = stripped !== name;
    name = stripped;
  }
  return name;
}

function stripLeadingWord(name: string): string {
  // Most names hold no administrative word: the regex, tried for every name on every report, is skipped for them.
  const admin = mayHaveAdminPrefix(name) ? ADMIN_PREFIX.exec(name)?.[0] : undefined;
  if (admin !== undefined && name.length - admin.length >= 2) return name.slice(admin.length);
  if (name.length === 0 || !leadingWordStarts.has(name.charCodeAt(0))) return name;
  for (const w of LEADING_VERBS) if (name.startsWith(w)) return name.slice(w.length);
  for (const w of TIME_WORDS) if (name.startsWith(w)) return name.slice(w.length);
  for (const w of DETERMINERS) if (name.startsWith(w) && name.length - w.length >= 2) return name.slice(w.length);
  return name;
}

/** Whether an administrative word could end within ADMIN_PREFIX's reach (a match is at least two characters). */
function mayHaveAdminPrefix(name: string): boolean {
  const reach = Math.min(name.length, ADMIN_PREFIX_MAX_LENGTH);
  for (let i = 1; i < reach; i++) if (adminEnds.has(name.charCodeAt(i))) return true;
  return false;
}

/** 三 → 3, 十二 → 12, 二十三 → 23; digits pass through. */
function chineseNumber(s: string): number {
  if (/^[0-9]+$/.test(s)) return Number(s);
  const digit = (c: string | undefined) =>
    c === undefined ? 0 : '零一二三四五六七八九'.indexOf(c === '两' ? '二' : c);
  const ten = s.indexOf('十');
  if (ten < 0) return Number([...s].map(digit).join(''));
  return (ten === 0 ? 1 : digit(s[ten - 1])) * 10 + digit(s[ten + 1]);
}
