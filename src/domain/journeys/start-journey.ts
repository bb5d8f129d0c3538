// Starting the onboarding journey by hand (docs/journeys.md), for companies whose customers need the
// journey before or without a delivery: records `account.journey_started` and starts, in the same
// transaction, the playbooks it triggers — the journey among them. The event's dispatch later starts
// nothing more (one run per playbook version, subject and event).
import { eq } from 'drizzle-orm';
import type { AccountJourney } from '../../../contract/journeys.js';
import { accounts } from '../../db/schema/index.js';
import { recordEvent } from '../events/index.js';
import { accountHasJourney, startMatchingRuns } from '../playbooks/index.js';
import { getSettings } from '../settings/index.js';
import { assertRole, conflict, notFound, recordAudit, type UseCaseContext } from '../shared/index.js';
import { getAccountJourney } from './get-journey.js';

/** Who may start a journey: the people who run the customer's first months, and their managers. */
export const JOURNEY_STARTERS = ['admin', 'gm', 'sales', 'csr', 'service'] as const;

export async function startJourney(ctx: UseCaseContext, accountId: string): Promise<AccountJourney> {
  const { actor, now } = ctx;
  assertRole(actor, ...JOURNEY_STARTERS);
  await ctx.db.transaction(async (tx) => {
    const [account] = await tx.select().from(accounts).where(eq(accounts.id, accountId)).for('update');
    // accounts.not_found: no account has this id.
    if (!account) throw notFound('accounts.not_found', `No account has the id ${accountId}.`);
    if (account.kind === 'supplier')
      // journeys.not_a_customer: a supplier has no onboarding journey.
      throw conflict('journeys.not_a_customer', `${account.name} is a supplier: an onboarding journey is for customers.`);
    if (await accountHasJourney(tx, accountId))
      // journeys.already_started: the account has its onboarding journey already (one per account).
      throw conflict('journeys.already_started', `${account.name} has its onboarding journey already: see it on the account page.`);
    const payload = { accountId, startedByHand: true, userId: actor.userId };
    const id = await recordEvent(tx, {
      type: 'account.journey_started',
      subjectType: 'account',
      subjectId: accountId,
      accountId,
      payload,
      occurredAt: now,
    });
    await startMatchingRuns(
      tx,
      { id, type: 'account.journey_started', subjectType: 'account', subjectId: accountId, accountId, occurredAt: now, payload },
      await getSettings(tx),
      now,
    );
    if (!(await accountHasJourney(tx, accountId)))
      // journeys.no_playbook: no enabled playbook with stages starts on account.journey_started.
      throw conflict(
        'journeys.no_playbook',
        'No enabled playbook starts an onboarding journey by hand: turn on "Onboarding journey" (or yours) under Playbooks.',
      );
    await recordAudit(
      tx,
      actor,
      { action: 'journeys.start', entity: 'account', entityId: accountId, changes: { startedByHand: true } },
      now,
    );
  });
  return getAccountJourney(ctx, accountId);
}
