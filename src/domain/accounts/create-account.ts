import type { Account, CreateAccount } from '../../../contract/accounts.js';
import { accounts, accountTeam } from '../../db/schema/index.js';
import { getSettings } from '../settings/index.js';
import { conflict, FieldErrors, recordAudit, type UseCaseContext } from '../shared/index.js';
import { checkTeam, newAccountValues } from './account-fields.js';
import { accountViewOf, presentAccount } from './present.js';
import { isExternalRefTaken, isUniqueViolation, loadTeams } from './queries.js';

export function externalRefTaken(kind: string, externalRef: string) {
  // accounts.external_ref_taken: another account of the same kind already has this external reference.
  return conflict('accounts.external_ref_taken', `Another ${kind} account already has the external reference ${externalRef}.`, [
    { path: 'externalRef', message: 'is already taken' },
  ]);
}

export async function createAccount(ctx: UseCaseContext, input: CreateAccount): Promise<Account> {
  const { actor, now } = ctx;
  return ctx.db.transaction(async (tx) => {
    const settings = await getSettings(tx);
    const errors = new FieldErrors();
    const values = newAccountValues(input, settings.currency, errors);
    const team = await checkTeam(tx, input.team ?? [], errors);
    // accounts.invalid: a field is well-formed but wrong (unknown currency, time zone or team user; money with too many decimals).
    errors.throwIfAny('accounts.invalid');
    if (values.externalRef && (await isExternalRefTaken(tx, values.kind, values.externalRef)))
      throw externalRefTaken(values.kind, values.externalRef);

    const [row] = await tx
      .insert(accounts)
      .values({ ...values, createdAt: now, updatedAt: now })
      .returning()
      .catch((err: unknown) => {
        // Two creates racing past the check above: the unique index decides.
        if (values.externalRef && isUniqueViolation(err, 'accounts_kind_external_ref_key'))
          throw externalRefTaken(values.kind, values.externalRef);
        throw err;
      });
    if (team.length > 0) await tx.insert(accountTeam).values(team.map((m) => ({ accountId: row!.id, userId: m.userId, role: m.role })));
    await recordAudit(tx, actor, { action: 'accounts.create', entity: 'account', entityId: row!.id, changes: { ...values, team } }, now);
    const teams = await loadTeams(tx, [row!.id]);
    return presentAccount(row!, teams.get(row!.id) ?? [], accountViewOf(settings, now));
  });
}
