// Open data goes out as CSV: RFC 4180 so any parser reads it back, and no text a caller wrote runs as a spreadsheet
// formula when someone opens the file in Excel.

/** One CSV field's value: null is an empty field. */
export type CsvValue = string | number | boolean | null;

/** Characters that make a spreadsheet read a field as a formula when they come first (OWASP, CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * A CSV file: the `columns` as header, then `rows`, every record ended by CRLF (RFC 4180). A field holding a comma,
 * a double quote, CR or LF is quoted, its quotes doubled; null is an empty field (the only field of a one-column
 * record is written `""`, so the record does not read as a blank line); booleans are `true`/`false`; numbers are
 * plain decimals, never exponents (1e21 → 1000000000000000000000), with the fewest digits that read back as the same
 * number. A string (header included) starting with = + - @ tab or CR gets a leading `'` so a spreadsheet shows it as
 * text instead of running it (OWASP's advice against CSV injection); numbers are never changed, so counts and negative
 * values must be passed as numbers, not strings. `bom` puts a UTF-8 byte order mark (U+FEFF) first, which Excel needs
 * to read Chinese text as UTF-8.
 *
 * Policy: throws RangeError when there are no columns, a row's length differs from the columns', or a number is not
 * finite.
 *
 * @example
 * const rows = [['武侯区', 12], ['say "hi", then', null]];
 * toCsv(['district', 'reports'], rows); // => 'district,reports\r\n武侯区,12\r\n"say ""hi"", then",\r\n'
 * toCsv(['note'], [['=1+2'], ['-1'], [-1], [1e21]]); // => "note\r\n'=1+2\r\n'-1\r\n-1\r\n1000000000000000000000\r\n"
 * toCsv(['a'], [], { bom: true }); // => '\uFEFFa\r\n'
 */
export function toCsv(
  columns: readonly string[],
  rows: readonly (readonly CsvValue[])[],
  opts: { bom?: boolean } = {},
): string {
  if (columns.length === 0) throw new RangeError('toCsv: no columns');
  const record = (fields: readonly CsvValue[]): string => {
    if (fields.length === 1 && (fields[0] === null || fields[0] === '')) return '""\r\n';
    return fields.map(field).join(',') + '\r\n';
  };
  let csv = opts.bom ? '\uFEFF' + record(columns) : record(columns);
  rows.forEach((row, index) => {
    if (row.length !== columns.length) {
      throw new RangeError(`toCsv: row ${index} has ${row.length} fields, the columns ${columns.length}`);
    }
    csv += record(row);
  });
  return csv;
}

function field(value: CsvValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return plainDecimal(value);
  if (typeof value === 'boolean') return String(value);
  const text = FORMULA_START.test(value) ? "'" + value : value;
  return NEEDS_QUOTES.test(text) ? '"' + text.replaceAll('"', '""') + '"' : text;
}

/** `n` in plain decimal notation: JavaScript's shortest round-trip digits, with any exponent written out. */
function plainDecimal(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`toCsv: ${n} is not a finite number`);
  const [mantissa, exponent] = Math.abs(n).toString().split('e');
  if (exponent === undefined) return String(n);
  const point = mantissa.indexOf('.');
  const digits = mantissa.replace('.', '');
  const at = (point === -1 ? mantissa.length : point) + Number(exponent);
  const plain =
    at <= 0
      ? '0.' + '0'.repeat(-at) + digits
      : at >= digits.length
        ? digits + '0'.repeat(at - digits.length)
        : digits.slice(0, at) + '.' + digits.slice(at);
  return n < 0 ? '-' + plain : plain;
}
