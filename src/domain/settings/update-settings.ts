import { eq } from 'drizzle-orm';
import type { EscalationRoles, StageDays, UpdateSettings } from '../../../contract/settings.js';
import { settings } from '../../db/schema/index.js';
import { refreshStatsForTimezone } from '../order-stats/index.js';
import {
  assertRole,
  diff,
  FieldErrors,
  isCalendarDate,
  isKnownCurrency,
  isValidTimezone,
  parseMoney,
  recordAudit,
  type UseCaseContext,
} from '../shared/index.js';
import { forgetCachedSettings, getSettings, type SettingsRow } from './get-settings.js';

/** The stages given in a partial update (zod leaves absent keys out, but an explicit undefined is dropped too). */
function definedOnly(days: NonNullable<UpdateSettings['stageDays']>): Partial<StageDays>;
function definedOnly(roles: NonNullable<UpdateSettings['escalationRoles']>): EscalationRoles;
function definedOnly(map: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(map).filter(([, v]) => v !== undefined));
}

export async function updateSettings(ctx: UseCaseContext, input: UpdateSettings): Promise<SettingsRow> {
  const { actor, now } = ctx;
  assertRole(actor, 'admin');
  const saved = await ctx.db.transaction(async (tx) => {
    const current = await getSettings(tx);
    const errors = new FieldErrors();
    if (input.timezone !== undefined && !isValidTimezone(input.timezone))
      errors.add('timezone', `is not an IANA time zone: "${input.timezone}"`);
    if (input.currency !== undefined && !isKnownCurrency(input.currency))
      errors.add('currency', `is not an ISO 4217 currency: "${input.currency}"`);
    input.holidays?.forEach((d, i) => {
      if (!isCalendarDate(d)) errors.add(`holidays.${i}`, `is not a calendar date: "${d}"`);
    });
    const opens = input.workingHoursStart ?? current.workingHoursStart;
    const closes = input.workingHoursEnd ?? current.workingHoursEnd;
    // "HH:mm" strings compare as times.
    if (opens >= closes) {
      if (input.workingHoursEnd !== undefined) errors.add('workingHoursEnd', `must be after the opening time, ${opens}`);
      else errors.add('workingHoursStart', `must be before the closing time, ${closes}`);
    }
    const currency = input.currency ?? current.currency;
    let auditionMinSpend: number | undefined;
    if (input.auditionMinSpend !== undefined) {
      const m = parseMoney(input.auditionMinSpend, currency);
      if (m.ok) auditionMinSpend = m.minor;
      else errors.add('auditionMinSpend', m.message);
    }
    errors.throwIfAny('settings.invalid');
    const patch = {
      ...(input.orgName !== undefined && { orgName: input.orgName }),
      ...(input.timezone !== undefined && { timezone: input.timezone }),
      ...(input.workdays !== undefined && { workdays: [...input.workdays].sort() }),
      ...(input.holidays !== undefined && { holidays: [...new Set(input.holidays)].sort() }),
      ...(input.workingHoursStart !== undefined && { workingHoursStart: input.workingHoursStart }),
      ...(input.workingHoursEnd !== undefined && { workingHoursEnd: input.workingHoursEnd }),
      ...(input.currency !== undefined && { currency: input.currency }),
      ...(auditionMinSpend !== undefined && { auditionMinSpend }),
      ...(input.neglectDays !== undefined && { neglectDays: input.neglectDays }),
      ...(input.rhythmFactor !== undefined && { rhythmFactor: input.rhythmFactor }),
      ...(input.defaultUpdateLimit !== undefined && { defaultUpdateLimit: input.defaultUpdateLimit }),
      ...(input.stageDays !== undefined && { stageDays: { ...current.stageDays, ...definedOnly(input.stageDays) } }),
      ...(input.thankYouRoles !== undefined && { thankYouRoles: [...input.thankYouRoles].sort() }),
      ...(input.thankYouPerDay !== undefined && { thankYouPerDay: input.thankYouPerDay }),
      ...(input.thankYouWindowDays !== undefined && { thankYouWindowDays: input.thankYouWindowDays }),
      ...(input.webhookFailureLimit !== undefined && { webhookFailureLimit: input.webhookFailureLimit }),
      ...(input.portalLinkDays !== undefined && { portalLinkDays: input.portalLinkDays }),
      ...(input.surveyExpiryDays !== undefined && { surveyExpiryDays: input.surveyExpiryDays }),
      ...(input.surveyReminderDays !== undefined && { surveyReminderDays: input.surveyReminderDays }),
      ...(input.detractorCsat !== undefined && { detractorCsat: input.detractorCsat }),
      ...(input.detractorNps !== undefined && { detractorNps: input.detractorNps }),
      ...(input.detractorCes !== undefined && { detractorCes: input.detractorCes }),
      ...(input.referralMinOrders !== undefined && { referralMinOrders: input.referralMinOrders }),
      ...(input.referralOnTimeLast !== undefined && { referralOnTimeLast: input.referralOnTimeLast }),
      ...(input.journeyStart !== undefined && { journeyStart: input.journeyStart }),
      ...(input.staffDigest !== undefined && { staffDigest: input.staffDigest }),
      ...(input.escalationRoles !== undefined && {
        escalationRoles: { ...current.escalationRoles, ...definedOnly(input.escalationRoles) },
      }),
    };
    const [updated] = await tx
      .update(settings)
      .set({ ...patch, updatedAt: now })
      .where(eq(settings.id, 1))
      .returning();
    if (updated!.timezone !== current.timezone) await refreshStatsForTimezone(tx, 'org');
    await recordAudit(tx, actor, { action: 'settings.update', entity: 'settings', entityId: '1', changes: diff(current, patch) }, now);
    return updated!;
  });
  // After the commit: a read between clearing and committing would cache the old row again.
  forgetCachedSettings();
  return saved;
}
