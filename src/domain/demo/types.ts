// The demo company as plain rows, ready to insert. Ids are generated (deterministic), so rows can
// reference each other before anything is written.
import type { Faker } from '@faker-js/faker';
import type { InferInsertModel } from 'drizzle-orm';
import type {
  accounts,
  accountTeam,
  activities,
  contacts,
  hotButtons,
  orderEvents,
  orderLines,
  orders,
  quoteEvents,
  quotes,
  thankYouNotes,
  users,
} from '../../db/schema/index.js';

type WithId<T> = T & { id: string };

export interface DemoSettings {
  orgName: string;
  timezone: string;
  currency: string;
  holidays: string[];
}

export interface DemoData {
  /** The calendar date the history ends on (YYYY-MM-DD, organisation timezone). */
  today: string;
  settings: DemoSettings;
  users: WithId<InferInsertModel<typeof users>>[];
  accounts: WithId<InferInsertModel<typeof accounts>>[];
  accountTeam: InferInsertModel<typeof accountTeam>[];
  contacts: WithId<InferInsertModel<typeof contacts>>[];
  hotButtons: WithId<InferInsertModel<typeof hotButtons>>[];
  orders: WithId<InferInsertModel<typeof orders>>[];
  orderLines: WithId<InferInsertModel<typeof orderLines>>[];
  orderEvents: InferInsertModel<typeof orderEvents>[];
  quotes: WithId<InferInsertModel<typeof quotes>>[];
  quoteEvents: InferInsertModel<typeof quoteEvents>[];
  activities: WithId<InferInsertModel<typeof activities>>[];
  thankYouNotes: WithId<InferInsertModel<typeof thankYouNotes>>[];
}

/** The seeded randomness the generator draws from: every pick goes through faker's one PRNG. */
export class Rand {
  constructor(readonly f: Faker) {}
  int(min: number, max: number): number {
    return this.f.number.int({ min, max });
  }
  float(min: number, max: number): number {
    return this.f.number.float({ min, max });
  }
  chance(probability: number): boolean {
    return this.f.datatype.boolean({ probability });
  }
  pick<T>(items: readonly T[]): T {
    return this.f.helpers.arrayElement(items);
  }
  weighted<T>(items: readonly { weight: number; value: T }[]): T {
    return this.f.helpers.weightedArrayElement(items);
  }
  some<T>(items: readonly T[], count: number): T[] {
    return this.f.helpers.arrayElements(items, count);
  }
  shuffle<T>(items: readonly T[]): T[] {
    return this.f.helpers.shuffle([...items]);
  }
  uuid(): string {
    return this.f.string.uuid();
  }
}
