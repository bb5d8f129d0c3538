// The one shape of a use case: `fn(ctx, input)`, where ctx says on which database (or open
// transaction), for whom and at which instant the action happens, and input is the request (one
// value, or one typed `<Fn>Input` object). Nothing in src/domain reads the clock itself (a lint
// rule), so tests, the demo and replays set "now". docs/ARCHITECTURE.md "Use cases".
import type { Db } from '../../db/client.js';
import type { Actor } from './actor.js';

export interface UseCaseContext {
  db: Db;
  actor: Actor;
  now: Date;
}

/**
 * What a query needs that reads at an instant, not for whom; also a step the system takes on its
 * own (dispatching events, the sweep, housekeeping at start), which acts as the system.
 */
export type ReadContext = Pick<UseCaseContext, 'db' | 'now'>;
