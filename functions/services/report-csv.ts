import type { MonthReport } from '../../shared/schemas/themes.js';

/** Excel reads UTF-8 (and so the Chinese) only when the file starts with a byte-order mark. */
const BOM = '\uFEFF';

/** One CSV field: quoted when needed; a leading = + - @ is defused so a spreadsheet shows it as text. */
export function csvField(v: string | number): string {
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const hours = (minutes: number): string => (minutes / 60).toFixed(1);

/** The report as CSV (RFC 4180, CRLF): one row per street, then per community, and a total row, bilingual headers. */
export function reportCsv(r: MonthReport): string {
  const header = [
    '月份 month',
    '街道 street',
    '活动数 activities',
    '参与人数 participants',
    '服务时长(分钟) serviceMinutes',
    '服务时长(小时) serviceHours',
    '特色主题 specialThemes',
    '必选主题覆盖社区 communitiesCovered',
    '社区数 communitiesTotal',
  ];
  const rows: (string | number)[][] = r.streets.map((s) => [
    r.month,
    s.name,
    s.activities,
    s.participants,
    s.serviceMinutes,
    hours(s.serviceMinutes),
    s.specialThemes,
    s.communitiesCovered,
    s.communitiesTotal,
  ]);
  // Then each community the caller sees, named with its street (organisers compare their own communities).
  const streetName = new Map(r.streets.map((s) => [s.streetId, s.name]));
  for (const c of r.communities ?? []) {
    const street = streetName.get(c.streetId);
    rows.push([
      r.month,
      street ? `${street} · ${c.name}` : c.name,
      c.activities,
      c.participants,
      c.serviceMinutes,
      hours(c.serviceMinutes),
      '',
      c.covered ? 1 : 0,
      1,
    ]);
  }
  rows.push([
    r.month,
    '合计 total',
    r.totals.activities,
    r.totals.participants,
    r.totals.serviceMinutes,
    hours(r.totals.serviceMinutes),
    r.streets.reduce((n, s) => n + s.specialThemes, 0),
    r.mandatory?.communitiesCovered ?? 0,
    r.mandatory?.communitiesTotal ?? (r.communities?.length || r.streets.reduce((n, s) => n + s.communitiesTotal, 0)),
  ]);
  return BOM + [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
