// Report ids like CD-20260103-000123: city initials, local date, sequence number within the day.

const SYLLABLE = /(zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?[aeiouv]+(ng|n(?![aeiouv]))?/g;

/** Initials of a pinyin city code: chengdu → CD, shanghai → SH; other codes give their first two letters. */
export function idPrefix(cityCode: string): string {
  const syllables = cityCode.toLowerCase().match(SYLLABLE) ?? [];
  if (syllables.length >= 2 && syllables.join('') === cityCode.toLowerCase()) {
    return syllables
      .slice(0, 2)
      .map((s) => s[0].toUpperCase())
      .join('');
  }
  return cityCode.slice(0, 2).toUpperCase();
}

/** The id of the seq-th report (1-based) on a local date YYYY-MM-DD. */
export function reportId(prefix: string, date: string, seq: number): string {
  return `${prefix}-${date.replaceAll('-', '')}-${String(seq).padStart(6, '0')}`;
}
