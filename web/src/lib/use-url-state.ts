// List state (search, filters, sort, cursor) lives in the URL so a link reproduces the view.
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

export function useUrlState<K extends string>(
  keys: readonly K[],
): [Partial<Record<K, string>>, (patch: Partial<Record<K, string | null>>) => void] {
  const [params, setParams] = useSearchParams();
  const state = Object.fromEntries(keys.map((k) => [k, params.get(k) ?? undefined]).filter(([, v]) => v !== undefined)) as Partial<
    Record<K, string>
  >;
  const update = useCallback(
    (patch: Partial<Record<K, string | null>>) => {
      setParams(
        () => {
          // NOTE: start from the address bar, not the last rendered params: two quick updates (a
          // debounced search landing just after a sort click) must not undo each other.
          const next = new URLSearchParams(window.location.search);
          for (const [k, v] of Object.entries<string | null | undefined>(patch)) {
            if (v === null || v === undefined || v === '') next.delete(k);
            else next.set(k, v);
          }
          // Any change other than paging starts again at the first page.
          if (!('cursor' in patch)) {
            next.delete('cursor');
            next.delete('prev');
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return [state, update];
}

/** A URL value that must be one of `options`; a hand-edited link with anything else reads as not set. */
export function oneOf<T extends string>(options: readonly T[], value: string | undefined): T | undefined {
  return (options as readonly string[]).includes(value ?? '') ? (value as T) : undefined;
}
