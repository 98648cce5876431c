// `--raw-text-days N|never`: how long citizens' raw texts are kept, one reading for `engine`, `start` and
// `retention`, so the age an operator gives means the same wherever it is given.
import type { Command } from 'commander';
import { parseNumberFlag } from './flags.ts';

export const RAW_TEXT_DAYS_HELP =
  'days after which a report’s raw text, payload and street address are emptied (rows and aggregates stay); never keeps them';

/** Add `--raw-text-days` with the store's default age. */
export function addRawTextDaysFlag(command: Command): Command {
  return command.option('--raw-text-days <days|never>', RAW_TEXT_DAYS_HELP, '730');
}

/** The age in days, or null for `never`; a usage error names the flag otherwise. */
export function parseRawTextDays(value: string): number | null {
  if (value.trim() === 'never') return null;
  return parseNumberFlag('--raw-text-days', value, { min: 1, integer: true, words: ['never'] });
}
