import type { Account, Contact, ContactRole, HotButton, TeamMember } from '../../../contract/accounts.js';
import type { Role } from '../../../contract/common.js';
import type { accounts, contacts, hotButtons } from '../../db/schema/index.js';
import type { SettingsRow } from '../settings/index.js';
import { dateIn, formatMoneyOrNull } from '../shared/index.js';
import { deriveAccountStatus, isAuditionAccount, type AccountStatusPolicy } from './account-status.rules.js';

export type AccountRow = typeof accounts.$inferSelect;
export type ContactRow = typeof contacts.$inferSelect;
export type HotButtonRow = typeof hotButtons.$inferSelect;
export interface TeamRow {
  accountId: string;
  userId: string;
  name: string;
  role: string;
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
  return { userId: row.userId, name: row.name, role: row.role as Role };
}

export function presentAccount(row: AccountRow, team: TeamRow[], view: AccountView): Account {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    externalRef: row.externalRef,
    status: deriveAccountStatus(row, view.policy),
    tier: row.tier,
    potentialAnnualSpend: formatMoneyOrNull(row.potentialAnnualSpend, row.currency),
    acquisitionCost: formatMoneyOrNull(row.acquisitionCost, row.currency),
    currency: row.currency,
    timezone: row.timezone,
    phone: row.phone,
    city: row.city,
    country: row.country,
    team: team.map(presentTeamMember),
    orderCount: row.orderCount,
    firstOrderId: row.firstOrderId,
    lastOrderAt: row.lastOrderAt?.toISOString() ?? null,
    // NOTE: compared in minor units, as DESIGN §2 stores money; an account in another currency than
    // the settings' is compared unconverted (there is no exchange-rate table).
    isAuditionAccount: isAuditionAccount(row.potentialAnnualSpend, view.auditionMinSpend),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function presentContact(row: ContactRow, accountName: string): Contact {
  return {
    id: row.id,
    accountId: row.accountId,
    accountName,
    name: row.name,
    externalRef: row.externalRef,
    email: row.email,
    phone: row.phone,
    title: row.title,
    roleAtCustomer: row.roleAtCustomer as ContactRole,
    isPrimary: row.isPrimary,
    updateLimit: row.updateLimit,
    createdAt: row.createdAt.toISOString(),
  };
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
