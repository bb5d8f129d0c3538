// Gates and sign-offs (docs/domain.md §3, P1.8–9). Pure: no db, no clock.
import type { Evidence } from '../../../contract/playbooks.js';
import { ORDER_STATUSES, type OrderStatus } from '../../../contract/orders.js';

/** The forward path of an order; `cancelled` stands outside it and is never gated. */
const PATH: readonly OrderStatus[] = ORDER_STATUSES.filter((s) => s !== 'cancelled');

/** A gate on `gateStatus` blocks a move to that status or any status past it. */
export function gateBlocks(gateStatus: string, to: OrderStatus): boolean {
  const g = PATH.indexOf(gateStatus as OrderStatus);
  const t = PATH.indexOf(to);
  return g >= 0 && t >= g;
}

export interface SignoffRecord {
  userId: string;
  roles: readonly string[];
}

export interface SignoffProgress {
  /** Distinct users with a qualifying role who signed. */
  counted: number;
  needed: number;
  hasMustInclude: boolean;
  isComplete: boolean;
}

/** Distinct users only: one user signing twice counts once. A signer must hold one of the roles. */
export function signoffProgress(req: NonNullable<Evidence['signoffs']>, signoffs: readonly SignoffRecord[]): SignoffProgress {
  const byUser = new Map<string, readonly string[]>();
  for (const s of signoffs) if (s.roles.some((r) => req.roles.includes(r as never))) byUser.set(s.userId, s.roles);
  const counted = byUser.size;
  const hasMustInclude = !req.mustInclude || [...byUser.values()].some((roles) => roles.includes(req.mustInclude!));
  return { counted, needed: req.count, hasMustInclude, isComplete: counted >= req.count && hasMustInclude };
}

const roleLabel = (role: string) => role.replace(/_/g, ' ');

/**
 * What keeps an open task from being done, in words: "1 of 2 sign-offs, quality manager sign-off
 * missing"; for a step found incomplete, what the customer was last asked for.
 */
export function describeMissing(evidence: Evidence | null, signoffs: readonly SignoffRecord[], askedFor: string | null = null): string {
  if (askedFor) return `incomplete, waiting for the customer: ${askedFor}`;
  const req = evidence?.signoffs;
  if (req) {
    const p = signoffProgress(req, signoffs);
    const parts = [`${p.counted} of ${p.needed} sign-off${p.needed === 1 ? '' : 's'}`];
    if (!p.hasMustInclude) parts.push(`${roleLabel(req.mustInclude!)} sign-off missing`);
    return parts.join(', ');
  }
  if (evidence?.checklist && evidence.checklist.length > 0) return `checklist not done (${evidence.checklist.length} items)`;
  return 'not done';
}

/** "double inspection: 1 of 2 sign-offs, quality manager sign-off missing" */
export function gateMessage(title: string, missing: string): string {
  return `${title.charAt(0).toLowerCase()}${title.slice(1)}: ${missing}`;
}
