import { auditLog } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import type { Actor } from './actor.js';

export interface RecordAuditInput {
  action: string;
  entity: string;
  entityId?: string | null;
  changes?: unknown;
}

/** Every write is recorded: who, what, when (the use case's now), from where. Call inside the use case's transaction. */
export async function recordAudit(db: Db, actor: Actor, input: RecordAuditInput, at: Date): Promise<void> {
  await db.insert(auditLog).values({
    at,
    actorUserId: actor.userId,
    actorKind: actor.kind,
    action: input.action,
    entity: input.entity,
    entityId: input.entityId ?? null,
    ip: actor.ip,
    requestId: actor.requestId,
    changes: input.changes === undefined ? null : redact(input.changes),
  });
}

const SECRET_KEYS = new Set(['password', 'passwordHash', 'token', 'tokenHash', 'csrfToken']);
function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.has(k) ? '[redacted]' : redact(v)]));
  }
  return value;
}

/** The fields that differ between two snapshots, as {field: {from, to}}. */
export function diff<T extends Record<string, unknown>>(before: T, after: Partial<T>): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const [k, to] of Object.entries(after)) {
    if (to === undefined) continue;
    const from = before[k];
    const same = from instanceof Date && to instanceof Date ? from.getTime() === to.getTime() : JSON.stringify(from) === JSON.stringify(to);
    if (!same) out[k] = { from, to };
  }
  return out;
}
