import { ROLES } from '../../../contract/common.js';
import { escalationRoleFor, type Settings } from '../../../contract/settings.js';
import { formatMoney } from '../shared/index.js';
import type { SettingsRow } from './get-settings.js';

export function presentSettings(row: SettingsRow): Settings {
  return {
    orgName: row.orgName,
    timezone: row.timezone,
    workdays: row.workdays,
    holidays: row.holidays,
    workingHoursStart: row.workingHoursStart,
    workingHoursEnd: row.workingHoursEnd,
    currency: row.currency,
    auditionMinSpend: formatMoney(row.auditionMinSpend, row.currency),
    neglectDays: row.neglectDays,
    rhythmFactor: row.rhythmFactor,
    defaultUpdateLimit: row.defaultUpdateLimit,
    stageDays: row.stageDays,
    escalationRoles: Object.fromEntries(ROLES.map((r) => [r, escalationRoleFor(row.escalationRoles, r)])) as Settings['escalationRoles'],
    thankYouRoles: row.thankYouRoles,
    thankYouPerDay: row.thankYouPerDay,
    thankYouWindowDays: row.thankYouWindowDays,
    webhookFailureLimit: row.webhookFailureLimit,
    portalLinkDays: row.portalLinkDays,
    surveyExpiryDays: row.surveyExpiryDays,
    surveyReminderDays: row.surveyReminderDays,
    detractorCsat: row.detractorCsat,
    detractorNps: row.detractorNps,
    detractorCes: row.detractorCes,
    referralMinOrders: row.referralMinOrders,
    referralOnTimeLast: row.referralOnTimeLast,
    journeyStart: row.journeyStart,
    staffDigest: row.staffDigest,
    publicUrl: row.publicUrl,
    updatedAt: row.updatedAt.toISOString(),
  };
}
