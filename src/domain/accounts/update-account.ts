import { eq } from 'drizzle-orm';
import type { Account, TeamMember, UpdateAccount } from '../../../contract/accounts.js';
import type { Db } from '../../db/client.js';
import { accounts, accountTeam } from '../../db/schema/index.js';
import { refreshStatsForTimezone } from '../order-stats/index.js';
import { getSettings } from '../settings/index.js';
import { diff, FieldErrors, recordAudit, type UseCaseContext } from '../shared/index.js';
import { accountPatch, checkTeam } from './account-fields.js';
import { externalRefTaken } from './create-account.js';
import { accountViewOf, presentAccount, presentTeamMember } from './present.js';
import { getAccountRow, isExternalRefTaken, isUniqueViolation, loadTeams } from './queries.js';

type TeamInput = NonNullable<UpdateAccount['team']>;

export interface UpdateAccountInput {
  id: string;
  patch: UpdateAccount;
}

/** Changes an account; `isLost` sets or clears the person-set lost status, `team` replaces the team. */
export async function updateAccount(ctx: UseCaseContext, input: UpdateAccountInput): Promise<Account> {
  const { actor, now } = ctx;
  const { id, patch: body } = input;
  return ctx.db.transaction(async (tx) => {
    const current = await getAccountRow(tx, id, { lock: true });
    const errors = new FieldErrors();
    const patch = accountPatch(body, current, errors);
    const team = body.team ? await checkTeam(tx, body.team, errors) : undefined;
    // accounts.invalid: see create-account.ts.
    errors.throwIfAny('accounts.invalid');

    const kind = patch.kind ?? current.kind;
    const externalRef = patch.externalRef !== undefined ? patch.externalRef : current.externalRef;
    if (
      (patch.kind !== undefined || patch.externalRef !== undefined) &&
      externalRef &&
      (await isExternalRefTaken(tx, kind, externalRef, id))
    ) {
      throw externalRefTaken(kind, externalRef);
    }
    const [row] = await tx
      .update(accounts)
      .set({ ...patch, updatedAt: now })
      .where(eq(accounts.id, id))
      .returning()
      .catch((err: unknown) => {
        if (externalRef && isUniqueViolation(err, 'accounts_kind_external_ref_key')) throw externalRefTaken(kind, externalRef);
        throw err;
      });
    const changes: Record<string, unknown> = diff(current, patch);
    if (patch.timezone !== undefined && patch.timezone !== current.timezone) await refreshStatsForTimezone(tx, { accountIds: [id] });
    if (team) changes['team'] = await writeTeam(tx, id, team);
    await recordAudit(tx, actor, { action: 'accounts.update', entity: 'account', entityId: id, changes }, now);
    const [teams, settings] = await Promise.all([loadTeams(tx, [id]), getSettings(tx)]);
    return presentAccount(row!, teams.get(id) ?? [], accountViewOf(settings, now));
  });
}

export interface ReplaceAccountTeamInput {
  accountId: string;
  team: TeamInput;
}

/** Replaces the whole team of an account (PUT semantics). */
export async function replaceAccountTeam(ctx: UseCaseContext, input: ReplaceAccountTeamInput): Promise<TeamMember[]> {
  const { actor, now } = ctx;
  return ctx.db.transaction(async (tx) => {
    await getAccountRow(tx, input.accountId, { lock: true });
    const errors = new FieldErrors();
    const team = await checkTeam(tx, input.team, errors);
    errors.throwIfAny('accounts.invalid');
    const changes = await writeTeam(tx, input.accountId, team);
    await tx.update(accounts).set({ updatedAt: now }).where(eq(accounts.id, input.accountId));
    await recordAudit(
      tx,
      actor,
      { action: 'accounts.team_replace', entity: 'account', entityId: input.accountId, changes: { team: changes } },
      now,
    );
    const teams = await loadTeams(tx, [input.accountId]);
    return (teams.get(input.accountId) ?? []).map(presentTeamMember);
  });
}

/** Deletes and re-inserts the team rows; returns {from, to} for the audit log. */
async function writeTeam(tx: Db, accountId: string, team: TeamInput) {
  const before = await tx
    .select({ userId: accountTeam.userId, role: accountTeam.role })
    .from(accountTeam)
    .where(eq(accountTeam.accountId, accountId));
  await tx.delete(accountTeam).where(eq(accountTeam.accountId, accountId));
  if (team.length > 0) await tx.insert(accountTeam).values(team.map((m) => ({ accountId, userId: m.userId, role: m.role })));
  return { from: before, to: team };
}
