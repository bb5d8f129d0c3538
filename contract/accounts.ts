import { z } from 'zod';
import { CurrencySchema, IdSchema, AmountSchema, NonEmptyTextSchema, PageQuerySchema, RoleSchema, TextSchema } from './common.js';

export const AccountKindSchema = z.enum(['customer', 'prospect', 'supplier']);
export type AccountKind = z.infer<typeof AccountKindSchema>;

/** Derived (DESIGN §4) except `lost`, which a person sets. */
export const AccountStatusSchema = z.enum(['prospect', 'new', 'active', 'at_risk', 'dormant', 'lost']);
export type AccountStatus = z.infer<typeof AccountStatusSchema>;

export const TeamMemberInputSchema = z.strictObject({ userId: IdSchema, role: RoleSchema });
export const TeamMemberSchema = z.object({ userId: IdSchema, name: z.string(), role: RoleSchema });
export type TeamMember = z.infer<typeof TeamMemberSchema>;

/** PUT /accounts/:id/team: the whole team, replacing the current one. */
export const ReplaceTeamSchema = z.strictObject({ team: z.array(TeamMemberInputSchema).max(50) });
export type ReplaceTeam = z.infer<typeof ReplaceTeamSchema>;
export const AccountTeamSchema = z.object({ team: z.array(TeamMemberSchema) });

const accountFields = {
  name: NonEmptyTextSchema(200),
  kind: AccountKindSchema,
  externalRef: TextSchema(100).nullish(),
  tier: TextSchema(40).nullish(),
  potentialAnnualSpend: AmountSchema.nullish(),
  acquisitionCost: AmountSchema.nullish(),
  currency: CurrencySchema,
  timezone: TextSchema(64).nullish(),
  phone: TextSchema(60).nullish(),
  city: TextSchema(120).nullish(),
  country: TextSchema(120).nullish(),
  team: z.array(TeamMemberInputSchema).max(50),
};

export const CreateAccountSchema = z.strictObject({
  ...accountFields,
  kind: accountFields.kind.default('customer'),
  currency: accountFields.currency.optional(),
  team: accountFields.team.optional(),
});
export type CreateAccount = z.infer<typeof CreateAccountSchema>;

export const UpdateAccountSchema = z.strictObject(accountFields).partial().extend({ isLost: z.boolean().optional() });
export type UpdateAccount = z.infer<typeof UpdateAccountSchema>;

export const AccountSchema = z.object({
  id: IdSchema,
  name: z.string(),
  kind: AccountKindSchema,
  externalRef: z.string().nullable(),
  status: AccountStatusSchema,
  tier: z.string().nullable(),
  potentialAnnualSpend: z.string().nullable(),
  acquisitionCost: z.string().nullable(),
  currency: z.string(),
  timezone: z.string().nullable(),
  phone: z.string().nullable(),
  city: z.string().nullable(),
  country: z.string().nullable(),
  team: z.array(TeamMemberSchema),
  orderCount: z.number().int(),
  firstOrderId: IdSchema.nullable(),
  lastOrderAt: z.string().nullable(),
  /** True when the account's potential spend earns its first order the full paid audition. */
  isAuditionAccount: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Account = z.infer<typeof AccountSchema>;

export const ACCOUNT_SORTS = [
  'name',
  '-name',
  'createdAt',
  '-createdAt',
  'lastOrderAt',
  '-lastOrderAt',
  'potentialAnnualSpend',
  '-potentialAnnualSpend',
] as const;
export const AccountSortSchema = z.enum(ACCOUNT_SORTS);

export const ListAccountsQuerySchema = PageQuerySchema.extend({
  q: z.string().trim().max(200).optional(),
  kind: AccountKindSchema.optional(),
  status: AccountStatusSchema.optional(),
  tier: z.string().trim().max(40).optional(),
  teamUserId: IdSchema.optional(),
  sort: AccountSortSchema.default('name'),
});
export type ListAccountsQuery = z.infer<typeof ListAccountsQuerySchema>;

// Contacts ---------------------------------------------------------------------------------------
export const ContactRoleSchema = z.enum(['buyer', 'quality', 'engineering', 'executive', 'accounts_payable', 'user', 'other']);
export type ContactRole = z.infer<typeof ContactRoleSchema>;

const contactFields = {
  name: NonEmptyTextSchema(120),
  externalRef: TextSchema(100).nullish(),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email({ message: 'must be an email address' }))
    .nullish(),
  phone: TextSchema(60).nullish(),
  title: TextSchema(120).nullish(),
  roleAtCustomer: ContactRoleSchema,
  isPrimary: z.boolean(),
  updateLimit: z.number().int().min(0).max(50).nullish(),
};
export const CreateContactSchema = z.strictObject({
  ...contactFields,
  roleAtCustomer: contactFields.roleAtCustomer.default('other'),
  isPrimary: contactFields.isPrimary.default(false),
});
export type CreateContact = z.infer<typeof CreateContactSchema>;
export const UpdateContactSchema = z.strictObject({
  name: contactFields.name.optional(),
  externalRef: contactFields.externalRef,
  email: contactFields.email,
  phone: contactFields.phone,
  title: contactFields.title,
  roleAtCustomer: contactFields.roleAtCustomer.optional(),
  isPrimary: contactFields.isPrimary.optional(),
  updateLimit: contactFields.updateLimit,
});
export type UpdateContact = z.infer<typeof UpdateContactSchema>;

export const ContactSchema = z.object({
  id: IdSchema,
  accountId: IdSchema,
  accountName: z.string(),
  name: z.string(),
  externalRef: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  title: z.string().nullable(),
  roleAtCustomer: ContactRoleSchema,
  isPrimary: z.boolean(),
  updateLimit: z.number().int().nullable(),
  createdAt: z.string(),
});
export type Contact = z.infer<typeof ContactSchema>;

export const ListContactsQuerySchema = PageQuerySchema.extend({
  q: z.string().trim().max(200).optional(),
  accountId: IdSchema.optional(),
});
export type ListContactsQuery = z.infer<typeof ListContactsQuerySchema>;
/** GET /accounts/:id/contacts: the account comes from the path. */
export const ListAccountContactsQuerySchema = ListContactsQuerySchema.omit({ accountId: true });

// Hot buttons (P5.4) -----------------------------------------------------------------------------
export const CreateHotButtonSchema = z.strictObject({ text: NonEmptyTextSchema(500) });
export type CreateHotButton = z.infer<typeof CreateHotButtonSchema>;
export const HotButtonSchema = z.object({
  id: IdSchema,
  accountId: IdSchema,
  text: z.string(),
  capturedBy: z.object({ id: IdSchema, name: z.string() }).nullable(),
  capturedAt: z.string(),
});
export type HotButton = z.infer<typeof HotButtonSchema>;
