// Splits a report's text around the place an incident alert names, so the console can mark it where it occurs
// (a caller writes 锦江区春熙路口 where the alert says 春熙路): plain text in, runs out, no HTML built by hand.

export interface TextRun {
  readonly text: string;
  readonly place: boolean;
}

/** The text as runs, those equal to `place` flagged; the whole text as one plain run when there is no place. */
export function highlightPlace(text: string, place: string | undefined | null): TextRun[] {
  if (!place) return [{ text, place: false }];
  const runs: TextRun[] = [];
  let from = 0;
  for (let at = text.indexOf(place); at !== -1; at = text.indexOf(place, from)) {
    if (at > from) runs.push({ text: text.slice(from, at), place: false });
    runs.push({ text: place, place: true });
    from = at + place.length;
  }
  if (from < text.length || runs.length === 0) runs.push({ text: text.slice(from), place: false });
  return runs;
}
