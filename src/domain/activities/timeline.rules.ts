// Readable titles for the account timeline ("Order 10248 moved to In production", "Call: kickoff",
// "Quote Q-17 won"). Pure: works on the raw row the timeline query returns.
import { ACTIVITY_KIND_LABELS } from '../../../contract/activities.js';
import type { OrderStatus } from '../../../contract/orders.js';
import { statusLabel } from '../orders/index.js';
import { dateIn, type Changes } from '../shared/index.js';

export type { Changes };

export interface TimelineRaw {
  source: 'activity' | 'order' | 'quote';
  type: string;
  subject: string | null;
  body: string | null;
  orderNumber: string | null;
  quoteNumber: string | null;
  fromStatus: string | null;
  toStatus: string | null;
  changes: Changes | null;
  /** An activity a worked playbook step left (docs/domain.md §3): titled "Step: <its title>" unless a call or meeting. */
  isStep?: boolean;
  /** The account's timezone (else the organisation's): imported milestones are dated in it. */
  zone: string;
}

const ACTIVITY_LABELS: Record<string, string> = ACTIVITY_KIND_LABELS;

/** "thank_you_note" → "Thank you note"; "promisedDate" → "promised date". */
export function humanise(key: string): string {
  const words = key
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words;
}
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function firstLine(text: string, max = 80): string {
  const line = text.split('\n', 1)[0]!.trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function changedFields(changes: Changes | null, skip: readonly string[] = []): string[] {
  return Object.keys(changes ?? {}).filter((k) => !skip.includes(k));
}

function describeValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** "Promised date: 2026-03-10 → 2026-03-15; Carrier: — → DHL" */
export function describeChanges(changes: Changes | null, skip: readonly string[] = []): string | null {
  const parts = changedFields(changes, skip).map(
    (k) => `${capitalise(humanise(k))}: ${describeValue(changes![k]!.from)} → ${describeValue(changes![k]!.to)}`,
  );
  return parts.length > 0 ? parts.join('; ') : null;
}

export function timelineTitle(r: TimelineRaw): string {
  if (r.source === 'activity') {
    const label = r.isStep && r.type === 'note' ? 'Step' : (ACTIVITY_LABELS[r.type] ?? capitalise(humanise(r.type)));
    const what = r.subject?.trim() || (r.body ? firstLine(r.body) : '');
    return what ? `${label}: ${what}` : label;
  }
  if (r.source === 'order') {
    const order = `Order ${r.orderNumber ?? ''}`.trim();
    switch (r.type) {
      case 'created':
        return `${order} placed`;
      case 'imported':
        return `${order} placed (imported)`;
      case 'status_changed':
        return `${order} moved to ${r.toStatus ? statusLabel(r.toStatus as OrderStatus) : 'another status'}`;
      case 'line_added':
        return `${order}: line added`;
      case 'updated': {
        const fields = changedFields(r.changes).map(humanise);
        return fields.length > 0 ? `${order} updated: ${fields.join(', ')}` : `${order} updated`;
      }
      case 'message_sent':
        return `${order}: message sent`;
      case 'correction':
        return `${order}: correction`;
      default:
        return `${order}: ${humanise(r.type)}`;
    }
  }
  const quote = `Quote ${r.quoteNumber ?? ''}`.trim();
  switch (r.type) {
    case 'sent':
      return `${quote} sent`;
    case 'status_changed':
      return r.toStatus === 'open' ? `${quote} reopened` : `${quote} ${r.toStatus ?? 'decided'}`;
    case 'updated': {
      const fields = changedFields(r.changes).map(humanise);
      return fields.length > 0 ? `${quote} updated: ${fields.join(', ')}` : `${quote} updated`;
    }
    default:
      return `${quote}: ${humanise(r.type)}`;
  }
}

/** "From orders.csv · shipped 1996-07-16 · delivered 1996-07-20": an imported order's own history, dated in the account's zone. */
function importedDetail(r: TimelineRaw): string | null {
  const parts = r.body ? [`From ${r.body}`] : [];
  for (const [field, word] of [
    ['shippedAt', 'shipped'],
    ['deliveredAt', 'delivered'],
  ] as const) {
    const to = r.changes?.[field]?.to;
    if (typeof to === 'string' && !Number.isNaN(Date.parse(to))) parts.push(`${word} ${dateIn(new Date(to), r.zone)}`);
  }
  return parts.length > 0 ? parts.join(' · ') : null;
}

export function timelineDetail(r: TimelineRaw): string | null {
  if (r.source === 'activity') return r.subject?.trim() ? r.body : r.body && r.body.includes('\n') ? r.body : null;
  if (r.source === 'order') {
    if (r.type === 'status_changed' || r.type === 'created' || r.type === 'message_sent' || r.type === 'correction') return r.body;
    if (r.type === 'imported') return importedDetail(r);
    if (r.type === 'line_added') {
      const line = r.changes?.['line']?.to as { sku?: string | null; quantity?: number; unitPrice?: string } | undefined;
      return line ? `${line.quantity ?? ''} × ${line.sku ?? 'item'} at ${line.unitPrice ?? ''}`.trim() : null;
    }
    return describeChanges(r.changes);
  }
  if (r.type === 'status_changed') {
    const reason = r.changes?.['lostReason']?.to;
    if (r.toStatus === 'lost' && typeof reason === 'string') return `Reason: ${reason}`;
    return null;
  }
  return r.type === 'updated' ? describeChanges(r.changes) : null;
}
