// Times as the city reads them: China Standard Time (UTC+8), whatever the browser's zone.
const CST_MS = 8 * 3600 * 1000;

function cst(at) {
  const d = new Date(typeof at === 'number' ? at : Date.parse(at));
  return Number.isNaN(d.getTime()) ? null : new Date(d.getTime() + CST_MS);
}

const pad = (n) => String(n).padStart(2, '0');

export function clock(at) {
  const d = cst(at);
  return d ? `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` : '';
}

export function dateTime(at) {
  const d = cst(at);
  if (!d) return '';
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${clock(at)}`;
}

// The local date (YYYY-MM-DD) `daysBack` days before now.
export function day(daysBack = 0, now = Date.now()) {
  const d = cst(now - daysBack * 86400000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export function percent(rate) {
  if (!rate || rate.value === null || rate.value === undefined) return '—';
  return `${(rate.value * 100).toFixed(1)}%`;
}
