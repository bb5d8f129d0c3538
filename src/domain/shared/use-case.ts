// The one shape of a use case: `fn(ctx, input)`, where ctx says on which database (or open
// transaction), for whom and at which instant the action happens. Nothing in src/domain reads
// the clock itself, so tests and the demo can set "now".
import type { Db } from '../../db/client.js';
import type { Actor } from './actor.js';

export interface UseCaseContext {
  db: Db;
  actor: Actor;
  now: Date;
}

/** A query or rule that needs the database and the instant, not who asks. */
export type ReadContext = Pick<UseCaseContext, 'db' | 'now'>;
