import { z } from 'zod';

// Downloads of tables (the dashboard, a repository's history, an image's layers and
// files) as CSV (RFC 4180: quoted where needed, CRLF) or JSON.

export const downloadFormatSchema = z.object({ format: z.enum(['csv', 'json']).default('csv') });

type Cell = string | number | boolean | null | undefined;

function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // a leading =, +, - or @ would be a formula in a spreadsheet: quoted with a ' first
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(columns: string[], rows: Cell[][]): string {
  return `${[columns, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** The answer for a download: an attachment named `name.csv` or `name.json`. */
export function downloadResponse(format: 'csv' | 'json', name: string, columns: string[], rows: Cell[][], json: unknown): Response {
  const safeName = name.replace(/[^\w.-]+/g, '-').slice(0, 100) || 'download';
  const body = format === 'csv' ? toCsv(columns, rows) : `${JSON.stringify(json, null, 2)}\n`;
  return new Response(body, {
    headers: {
      'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${safeName}.${format}"`,
      'Cache-Control': 'no-store',
    },
  });
}
