// Colours that read for everyone (no red against green alone): cividis for how far a cell stands above its
// expectation, a dark neutral for "as expected", and alert states told apart by outline style as well as hue.
import { interpolateCividis, scaleSequential } from 'd3';

/** Scores at or below this are "as expected" (the score is roughly standard deviations above expected). */
export const CALM_SCORE = 1;
/** Scores at or above this take the scale's brightest colour. */
export const TOP_SCORE = 6;

const above = scaleSequential(interpolateCividis).domain([CALM_SCORE, TOP_SCORE]).clamp(true);

/** Fill for a cell's score: dark and quiet when as expected or below, brightening with the excess. */
export function scoreColour(score: number): string {
  return score <= CALM_SCORE ? '#1b2330' : above(score);
}

/** Text that stays legible on scoreColour(score). */
export function scoreInk(score: number): string {
  return score >= (CALM_SCORE + TOP_SCORE) / 2 ? '#111' : '#e8edf3';
}

/** Alert states: colour plus a different outline (solid, dashed, double) so the state survives colour blindness. */
export const ALERT_STYLE = {
  open: { colour: '#ff9f1c', outline: 'solid' },
  acknowledged: { colour: '#7ad3ff', outline: 'dashed' },
  dispatched: { colour: '#c9a0ff', outline: 'double' },
  resolved: { colour: '#8a94a3', outline: 'dotted' },
} as const;
