// Extracts the places a report names (XX小区3栋, 人民南路三段, 鑫达电子厂) and normalises them, so two callers
// who write 紫荆小区三栋 and 紫荆小区3栋 point at the same place.
import type { Gazetteer } from './gazetteer.ts';
import { PhraseMatcher } from './phrase-matcher.ts';
import { DETERMINERS, MAX_NAME_LENGTH, NAME_STOPS, PLACE_SUFFIXES, type PlaceSuffix } from './place-suffixes.ts';

const suffixes = new PhraseMatcher([...PLACE_SUFFIXES].map(([text, value]) => ({ text, value })));
const NUMERAL = '0-9一二三四五六七八九十两';
/** What may follow a place: building, phase, road section, door number, station exit. */
const DETAIL = new RegExp(`^(?:[${NUMERAL}]+(?:栋|幢|号楼|单元|期)|[东西南北中]?[${NUMERAL}]*段|[${NUMERAL}]+号(?!线)|[A-Za-z][0-9]?口)+`);
const DETAIL_AT_END = new RegExp(`(?:[0-9]+(?:栋|幢|号楼|单元|期)|[东西南北中]?[0-9]*段|[0-9]+号|[a-z][0-9]?口)+$`);
const MAX_PLACES = 5;
const DETAIL_NUMBER = new RegExp(`([${NUMERAL}]+)(?=栋|幢|号楼|单元|期|段|号)`, 'g');

/**
 * The places in a text, normalised (see normalisePlace), in text order, without repeats.
 * A place is a name of 2–8 characters left of a known suffix, cut at function words and stripped of
 * district names and determiners (高新区一小区 names no place; 崇州一玻璃厂 names 玻璃厂).
 */
export function extractPlaces(text: string, gazetteer: Gazetteer): string[] {
  const found: Array<{ place: string; from: number }> = [];
  for (const hit of suffixes.scan(text)) {
    const end = hit.at + hit.text.length;
    if (!isPlaceSuffix(text, hit.at, end, hit.value)) continue;
    const { name, from } = nameBefore(text, hit.at, gazetteer);
    if (name.length < 2 && !(name.length === 0 && hit.value.bare)) continue;
    const detail = DETAIL.exec(text.slice(end, end + 12))?.[0] ?? '';
    const place = normalisePlace(name + hit.text + detail);
    // 理工大学东苑小区: a longer place that swallows the one before it replaces it.
    const last = found[found.length - 1];
    if (last && from <= last.from) found.pop();
    if (!found.some((f) => f.place === place)) found.push({ place, from });
    if (found.length === MAX_PLACES) break;
  }
  return found.map((f) => f.place);
}

/** The place without building, section, number or exit: what reports about one estate or road share. */
export function placeKey(place: string): string {
  return place.replace(DETAIL_AT_END, '') || place;
}

/** Half-width digits and letters, lower case, Chinese numerals in building/section/number details as digits. */
export function normalisePlace(place: string): string {
  const half = place
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\s+/g, '')
    .toLowerCase();
  return half.replace(DETAIL_NUMBER, (n) => String(chineseNumber(n)));
}

function isPlaceSuffix(text: string, start: number, end: number, suffix: PlaceSuffix): boolean {
  if (suffix.notBefore && end < text.length && suffix.notBefore.includes(text[end])) return false;
  return !suffix.notWords?.some((w) => text.startsWith(w, end - w.length));
}

/** Walk left from the suffix to a stop character, then strip district names and determiners at the start. */
function nameBefore(text: string, at: number, gazetteer: Gazetteer): { name: string; from: number } {
  let from = at;
  while (from > 0 && at - from < MAX_NAME_LENGTH && !NAME_STOPS.has(text[from - 1])) from -= 1;
  let name = text.slice(from, at);
  for (let changed = true; changed; ) {
    const stripped = stripDeterminer(gazetteer.stripLeadingName(name));
    changed = stripped !== name;
    name = stripped;
  }
  return { name, from };
}

function stripDeterminer(name: string): string {
  for (const d of DETERMINERS) if (name.startsWith(d) && name.length - d.length >= 2) return name.slice(d.length);
  return name;
}

/** 三 → 3, 十二 → 12, 二十三 → 23; digits pass through. */
function chineseNumber(s: string): number {
  if (/^[0-9]+$/.test(s)) return Number(s);
  const digit = (c: string | undefined) => (c === undefined ? 0 : '零一二三四五六七八九'.indexOf(c === '两' ? '二' : c));
  const ten = s.indexOf('十');
  if (ten < 0) return Number([...s].map(digit).join(''));
  return (ten === 0 ? 1 : digit(s[ten - 1])) * 10 + digit(s[ten + 1]);
}
