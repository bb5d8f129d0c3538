// Wakes the dispatcher the moment a domain event commits (recordEvent sends NOTIFY rapport_events
// in the use case's transaction) instead of waiting for the next pump. LISTEN runs on PGlite's one
// connection or, on PostgreSQL, on a dedicated client (a pooled connection would be handed to other
// queries and lose the LISTEN) that reconnects with backoff. A notification only says "look at the
// outbox": a missed one costs latency, never an event — the pump still runs.
import pg from 'pg';
import type { Database } from '../db/client.js';
import { EVENTS_CHANNEL } from '../domain/events/index.js';

export interface Coalesced {
  /** Runs `task` now, or once more after the run in flight (however often it is triggered meanwhile). */
  trigger(): void;
  /** Resolves when no run is in flight or queued. */
  idle(): Promise<void>;
}

/** One run in flight and at most one queued: a burst of N triggers costs two runs, not N. */
export function coalesce(task: () => Promise<void>, onError: (err: unknown) => void): Coalesced {
  let running: Promise<void> | null = null;
  let queued = false;
  const loop = async () => {
    do {
      queued = false;
      try {
        await task();
      } catch (err) {
        onError(err);
      }
    } while (queued);
    running = null;
  };
  return {
    trigger() {
      if (running) queued = true;
      else running = loop();
    },
    async idle() {
      while (running) await running;
    },
  };
}

export interface EventListener {
  stop(): Promise<void>;
}

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;

/**
 * Calls `onEvents` on every NOTIFY rapport_events, and once after each (re)connect on PostgreSQL
 * (events committed while nobody listened are in the outbox).
 */
export async function listenForEvents(
  database: Database,
  databaseUrl: string | undefined,
  onEvents: () => void,
  /** Told when the connection is lost (the runner's logger). */
  log: { error(obj: object, msg: string): void },
): Promise<EventListener> {
  if (database.engine === 'pglite') {
    const unlisten = await database.pglite!.listen(EVENTS_CHANNEL, onEvents);
    return {
      async stop() {
        if (!database.pglite!.closed) await unlisten();
      },
    };
  }
  if (!databaseUrl) throw new Error('listenForEvents on PostgreSQL needs the database URL');
  let stopped = false;
  let client: pg.Client | null = null;
  let timer: NodeJS.Timeout | null = null;
  let delay = RECONNECT_MIN_MS;

  const reconnectLater = () => {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, delay);
    delay = Math.min(delay * 2, RECONNECT_MAX_MS);
  };

  const connect = async (): Promise<void> => {
    // keepAlive: a half-open connection (server gone without a FIN) is noticed and replaced.
    const c = new pg.Client({ connectionString: databaseUrl, keepAlive: true });
    client = c;
    let ended = false;
    const onLost = (err?: Error) => {
      if (ended) return;
      ended = true;
      if (client === c) client = null;
      if (!stopped) {
        log.error({ err }, 'event listener connection lost; reconnecting');
        reconnectLater();
      }
    };
    c.on('notification', (n) => {
      if (n.channel === EVENTS_CHANNEL) onEvents();
    });
    c.on('error', (err) => onLost(err));
    c.on('end', () => onLost());
    try {
      await c.connect();
      await c.query(`listen ${EVENTS_CHANNEL}`);
    } catch (err) {
      onLost(err as Error);
      await c.end().catch(() => undefined);
      return;
    }
    if (stopped) {
      await c.end().catch(() => undefined);
      return;
    }
    delay = RECONNECT_MIN_MS;
    onEvents();
  };

  await connect();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}
