// The `changes` of an order or quote event: one {from, to} per changed field. Events written
// before migration 0008 (and any a future writer gets wrong) may miss a side; readers take a
// missing side as null instead of failing the page (issue 9, defect 3).

export type Changes = Record<string, { from: unknown; to: unknown }>;

/** Stored `changes` (jsonb, or its text) → every field with both sides; null when there are none. */
export function readChanges(raw: unknown): Changes | null {
  const value: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const out: Changes = {};
  for (const [field, change] of Object.entries(value as Record<string, unknown>)) {
    const c = change !== null && typeof change === 'object' ? (change as { from?: unknown; to?: unknown }) : { to: change };
    out[field] = { from: c.from ?? null, to: c.to ?? null };
  }
  return out;
}
