import { z } from 'zod';
import { CurrencySchema, DateSchema, MoneySchema, NonEmptyTextSchema } from './common.js';

export const SettingsSchema = z.object({
  orgName: z.string(),
  timezone: z.string(),
  /** ISO weekdays that are working days: 1 = Monday … 7 = Sunday. */
  workdays: z.array(z.number().int().min(1).max(7)),
  holidays: z.array(DateSchema),
  currency: z.string(),
  /** First orders of accounts with at least this potential annual spend get the full paid audition (P1). */
  auditionMinSpend: z.string(),
  neglectDays: z.number().int(),
  rhythmFactor: z.number(),
  defaultUpdateLimit: z.number().int(),
  updatedAt: z.string(),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const UpdateSettingsSchema = z.strictObject({
  orgName: NonEmptyTextSchema(120).optional(),
  timezone: z.string().trim().min(1).max(64).optional(),
  workdays: z
    .array(z.number().int().min(1).max(7))
    .min(1, 'at least one working day')
    .max(7)
    .refine((days) => new Set(days).size === days.length, 'days must not repeat')
    .optional(),
  holidays: z.array(DateSchema).max(400).optional(),
  currency: CurrencySchema.optional(),
  auditionMinSpend: MoneySchema.optional(),
  neglectDays: z.number().int().min(1).max(3650).optional(),
  rhythmFactor: z.number().min(1).max(20).optional(),
  defaultUpdateLimit: z.number().int().min(0).max(50).optional(),
});
export type UpdateSettings = z.infer<typeof UpdateSettingsSchema>;
