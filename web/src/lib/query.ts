// Cache work shared by every feature's api.ts: one way to say "these views are stale now".
import type { QueryClient, QueryKey } from '@tanstack/react-query';

/**
 * Marks everything under these keys stale and refetches what is on screen; resolves once that is
 * fresh, so a mutation's hook is not done (isPending) until the screens show its result.
 */
export async function invalidate(qc: QueryClient, ...keys: QueryKey[]): Promise<void> {
  await Promise.all(keys.map((queryKey) => qc.invalidateQueries({ queryKey })));
}
