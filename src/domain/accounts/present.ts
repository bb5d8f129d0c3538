import { AccountEntity, ContactEntity, type Account, type Contact, type HotButton, type TeamMember } from '../../../contract/accounts.js';
import type { Role } from '../../../contract/common.js';
import type { accounts, contacts, hotButtons } from '../../db/schema/index.js';
import type { SettingsRow } from '../settings/index.js';
import { columnsOf, dateIn, formatMoneyOrNull } from '../shared/index.js';
import { deriveAccountStatus, isAuditionAccount, type AccountStatusPolicy } from './account-status.rules.js';
import { accountAttention } from './reengage.rules.js';

export type AccountRow = typeof accounts.$inferSelect;
export type ContactRow = typeof contacts.$inferSelect;
export type HotButtonRow = typeof hotButtons.$inferSelect;
export interface TeamRow {
  accountId: string;
  userId: string;
  name: string;
  role: Role;
}

/** What presenting an account needs besides its row: today and the settings its figures use. */
export interface AccountView {
  policy: AccountStatusPolicy;
  auditionMinSpend: number;
}

export function accountViewOf(settings: SettingsRow, now: Date): AccountView {
  return {
    policy: {
      today: dateIn(now, settings.timezone),
      orgTimezone: settings.timezone,
      neglectDays: settings.neglectDays,
      rhythmFactor: settings.rhythmFactor,
    },
    auditionMinSpend: settings.auditionMinSpend,
  };
}

export function presentTeamMember(row: TeamRow): TeamMember {
  return { userId: row.userId, name: row.name, role: row.role };
}

/** The fields kept as columns come from the declaration (AccountEntity); the rest are computed here. */
export function presentAccount(row: AccountRow, team: TeamRow[], view: AccountView): Account {
  return {
    ...columnsOf(AccountEntity, row),
    status: deriveAccountStatus(row, view.policy),
    potentialAnnualSpend: formatMoneyOrNull(row.potentialAnnualSpend, row.currency),
    acquisitionCost: formatMoneyOrNull(row.acquisitionCost, row.currency),
    currency: row.currency,
    team: team.map(presentTeamMember),
    // NOTE: compared in minor units, as docs/domain.md §2 stores money; an account in another currency than
    // the settings' is compared unconverted (there is no exchange-rate table).
    isAuditionAccount: isAuditionAccount(row.potentialAnnualSpend, view.auditionMinSpend),
    attention: accountAttention(row, view.policy),
  };
}

export function presentContact(row: ContactRow, accountName: string): Contact {
  return { ...columnsOf(ContactEntity, row), accountName };
}

export function presentHotButton(row: HotButtonRow, capturedByName: string | null): HotButton {
  return {
    id: row.id,
    accountId: row.accountId,
    text: row.text,
    capturedBy: row.capturedBy ? { id: row.capturedBy, name: capturedByName ?? '' } : null,
    capturedAt: row.capturedAt.toISOString(),
  };
}
