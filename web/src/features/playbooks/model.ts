// Pure helpers of the playbook screens.

/** "P2D" → "2 days", "PT4H" → "4 hours"; anything else as written. */
export function formatDuration(iso: string): string {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(iso);
  if (!m) return iso;
  const parts: string[] = [];
  const add = (n: string | undefined, unit: string) => {
    if (n && Number(n) > 0) parts.push(`${n} ${unit}${Number(n) === 1 ? '' : 's'}`);
  };
  add(m[1], 'week');
  add(m[2], 'day');
  add(m[3], 'hour');
  add(m[4], 'minute');
  return parts.length ? parts.join(' ') : 'at once';
}
