// What the embedded database (PGlite: one connection) is doing for the app's requests, so that
// long work taking turns with them — an import in steps (src/domain/imports/transaction.ts) — can
// wait until they are done. A request is several statements in a row: between two, for the time
// its code runs, nothing is in flight, so "quiet" means nothing in flight and nothing finished
// for a few milliseconds.
import { setTimeout as sleep } from 'node:timers/promises';
import { driverClientOf } from '../adapters/drizzle-driver.js';

interface Activity {
  inflight: number;
  lastAt: number;
}

const activities = new WeakMap<object, Activity>();

/** `client` with its statement methods counted; the handle a Drizzle database is built on. */
export function withActivity<T extends object>(client: T, methods: readonly string[]): T {
  const activity: Activity = { inflight: 0, lastAt: 0 };
  const counted = new Map<PropertyKey, (...args: unknown[]) => Promise<unknown>>();
  const proxy = new Proxy(client, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      const fn = (value as (...a: unknown[]) => unknown).bind(target);
      if (!methods.includes(String(prop))) return fn;
      let wrapped = counted.get(prop);
      if (!wrapped) {
        wrapped = async (...args: unknown[]) => {
          activity.inflight += 1;
          try {
            return await fn(...args);
          } finally {
            activity.inflight -= 1;
            activity.lastAt = performance.now();
          }
        };
        counted.set(prop, wrapped);
      }
      return wrapped;
    },
  });
  activities.set(proxy, activity);
  return proxy;
}

/**
 * Waits until the database behind this Drizzle handle has been quiet for `quietMs` (nothing in
 * flight, nothing finished), at most `maxMs`. Answers at once for a handle that is not counted
 * (PostgreSQL: its pool serves requests beside the work).
 */
export async function untilQuiet(handle: object, quietMs: number, maxMs: number): Promise<void> {
  const activity = activities.get(driverClientOf(handle) ?? handle);
  if (!activity) return;
  const until = performance.now() + maxMs;
  await sleep(quietMs);
  while (performance.now() < until && (activity.inflight > 0 || performance.now() - activity.lastAt < quietMs)) await sleep(1);
}
