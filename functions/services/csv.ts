import { csvField } from './report-csv.js';

/** Excel reads UTF-8 (and so the Chinese) only when the file starts with a byte-order mark. */
const BOM = '\uFEFF';

/** A column: the Chinese header with the English in brackets (API.md "Exports"), and its value per row. */
export type Column<T> = [header: string, value: (row: T) => string | number | null | undefined];

/** Rows as CSV (RFC 4180, CRLF, UTF-8 with BOM), spreadsheet formulas defused. */
export function toCsv<T>(columns: Column<T>[], rows: T[]): string {
  const lines = [columns.map(([h]) => csvField(h)).join(',')];
  for (const row of rows) lines.push(columns.map(([, v]) => csvField(v(row) ?? '')).join(','));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

/** A CSV download answer. */
export const csvResponse = (body: string, filename: string): Response =>
  new Response(body, {
    status: 200,
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
    },
  });
