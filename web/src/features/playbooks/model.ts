// Pure helpers of the playbook screens.
import type { PlaybookEvent } from '../../../../contract/playbooks';

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

/** The events a playbook can start on, in words (docs/ux.md: no code names on screen). */
export const PLAYBOOK_EVENT_LABELS: Record<PlaybookEvent, string> = {
  'order.created': 'An order is placed',
  'order.status_changed': 'An order moves to another step',
  'order.late_risk': 'An order risks being late',
  'order.shipped': 'An order ships',
  'order.delivered': 'An order is delivered',
  'quote.sent': 'A quote is sent',
  'quote.won': 'A quote is won',
  'quote.lost': 'A quote is lost',
  'quote.expired': 'A quote expires',
  'survey.answered': 'A customer answers a survey',
  'problem.opened': 'A problem is opened',
  'account.stage_changed': 'An account moves to the next stage of its onboarding journey',
  'account.journey_started': 'An onboarding journey is started by hand',
  'account.neglected': 'An account has had no contact for too long',
  'account.rhythm_overdue': 'An account is late for its usual order',
  'schedule.daily': 'Every day',
};

/** "when an order is placed or when an order ships", "every day": what starts a playbook, after "Starts". */
export function triggerWords(events: readonly PlaybookEvent[]): string {
  return events
    .map((e) =>
      e === 'schedule.daily' ? 'every day' : `when ${PLAYBOOK_EVENT_LABELS[e].charAt(0).toLowerCase()}${PLAYBOOK_EVENT_LABELS[e].slice(1)}`,
    )
    .join(' or ');
}

/** A new playbook's first document: its key, name and trigger, and one step to start from. */
export function blankPlaybookSource(key: string, name: string, event: PlaybookEvent): string {
  return [
    `key: ${key}`,
    `name: ${JSON.stringify(name)}`,
    'trigger:',
    `  event: ${event}`,
    'steps:',
    '  - key: first-step',
    '    title: First step',
    '    role: csr',
    '    due: { after: trigger, offset: P1D }',
    '',
  ].join('\n');
}

/**
 * A copy of another playbook's YAML under a new key and name: its top-level `key:` and `name:`
 * lines are replaced (added when missing), the rest — comments included — stays as written.
 */
export function copyPlaybookSource(source: string, key: string, name: string): string {
  const set = (text: string, field: string, value: string) => {
    const line = new RegExp(`^${field}:.*$`, 'm');
    return line.test(text) ? text.replace(line, () => `${field}: ${value}`) : `${field}: ${value}\n${text}`;
  };
  return set(set(source, 'name', JSON.stringify(name)), 'key', key);
}
