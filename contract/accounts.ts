import { z } from 'zod';
import {
  CURRENCY_SYNONYMS,
  EMAIL_SYNONYMS,
  IdSchema,
  NAME_SYNONYMS,
  NonEmptyTextSchema,
  PageQuerySchema,
  PHONE_SYNONYMS,
  RoleSchema,
  type Role,
} from './common.js';
import { computed, defineEntity, field, importOnly, shown, value } from './entity.js';

export const ACCOUNT_KINDS = ['customer', 'prospect', 'supplier'] as const;
export const AccountKindSchema = z.enum(ACCOUNT_KINDS);
export type AccountKind = z.infer<typeof AccountKindSchema>;

/** Derived (docs/domain.md §4) except `lost`, which a person sets. */
export const AccountStatusSchema = z.enum(['prospect', 'new', 'active', 'at_risk', 'dormant', 'lost']);
export type AccountStatus = z.infer<typeof AccountStatusSchema>;

export const TeamMemberInputSchema = z.strictObject({ userId: IdSchema, role: RoleSchema });
export const TeamMemberSchema = z.object({ userId: IdSchema, name: z.string(), role: RoleSchema });
export type TeamMember = z.infer<typeof TeamMemberSchema>;

/** PUT /accounts/:id/team: the whole team, replacing the current one. */
export const ReplaceTeamSchema = z.strictObject({ team: z.array(TeamMemberInputSchema).max(50) });
export type ReplaceTeam = z.infer<typeof ReplaceTeamSchema>;
export const AccountTeamSchema = z.object({ team: z.array(TeamMemberSchema) });

/**
 * An import column naming the account team's member for one role, by the user's external
 * reference. Synonyms name a person ("quality contact"), never a bare word an address or a
 * product column could carry ("shipping", "service").
 */
const teamRef = (who: string, synonyms: readonly string[]) =>
  importOnly(value.ref(), {
    label: `Team: ${who}`,
    help: `The external reference of the account's ${who} (import users first); several separated by ";". An empty cell leaves the seat as it is.`,
    import: { synonyms },
  });

/**
 * The account team's seats an accounts import fills, one column per role a team member can hold
 * (every role but admin, as the team form): field → role (docs/imports.md).
 */
export const TEAM_REF_FIELDS = {
  teamSalesRef: 'sales',
  teamCsrRef: 'csr',
  teamGmRef: 'gm',
  teamQualityRef: 'quality',
  teamQualityManagerRef: 'quality_manager',
  teamOperationsRef: 'operations',
  teamEngineeringRef: 'engineering',
  teamShippingRef: 'shipping',
  teamServiceRef: 'service',
  teamExecutiveRef: 'executive',
} as const satisfies Record<string, Exclude<Role, 'admin'>>;

/** Accounts and suppliers: one table, told apart by kind. */
export const AccountEntity = defineEntity(
  {
    id: shown(IdSchema),
    name: field(value.nonEmptyText(200), {
      label: 'Name',
      create: 'required',
      import: { required: true, synonyms: NAME_SYNONYMS },
    }),
    kind: field(value.oneOf(AccountKindSchema), {
      label: 'Kind',
      create: { default: 'customer' },
      import: { help: 'customer, prospect or supplier.' },
    }),
    externalRef: field(value.text(100), {
      label: 'ERP reference',
      help: 'The id in your ERP; imports match on it.',
      nullable: true,
      import: { required: true, synonyms: ['customerid', 'accountid', 'customercode', 'id'] },
    }),
    status: computed(AccountStatusSchema),
    tier: field(value.text(40), { label: 'Tier', help: 'Your own grading, such as A, B, C or Key.', nullable: true, import: {} }),
    potentialAnnualSpend: field(value.amount(), {
      label: 'Potential annual spend',
      help: 'Decides the first-order audition.',
      nullable: true,
      store: 'custom',
      import: {},
    }),
    acquisitionCost: field(value.amount(), {
      label: 'Acquisition cost',
      help: 'Visits, samples, quotes to win it.',
      nullable: true,
      store: 'custom',
      import: {},
    }),
    currency: field(value.currency(), { label: 'Currency', store: 'custom', import: { synonyms: CURRENCY_SYNONYMS } }),
    timezone: field(value.text(64), { label: 'Timezone', help: 'Its dates and “today” are counted here.', nullable: true, import: {} }),
    phone: field(value.text(60), { label: 'Phone', nullable: true, import: { synonyms: PHONE_SYNONYMS } }),
    city: field(value.text(120), { label: 'City', nullable: true, import: { synonyms: ['town'] } }),
    country: field(value.text(120), { label: 'Country', nullable: true, import: { synonyms: ['countryname'] } }),
    team: field(value.list(z.array(TeamMemberInputSchema).max(50), z.array(TeamMemberSchema)), {
      label: 'Account team',
      help: "Who looks after this account. Playbook steps go to the team member with the step's role.",
      store: 'none',
    }),
    teamSalesRef: teamRef('sales rep', ['salesrep', 'rep', 'accountmanager', 'salesperson', 'accountowner']),
    teamCsrRef: teamRef('CSR', ['csr', 'customerservicerep', 'insidesales']),
    teamGmRef: teamRef('general manager', ['gm', 'generalmanager']),
    teamQualityRef: teamRef('quality contact', ['qualitycontact', 'qualityengineer']),
    teamQualityManagerRef: teamRef('quality manager', ['qualitymanager', 'qm']),
    teamOperationsRef: teamRef('operations contact', ['operationscontact', 'planner']),
    teamEngineeringRef: teamRef('engineer', ['engineer', 'engineeringcontact', 'applicationengineer']),
    teamShippingRef: teamRef('shipping contact', ['shippingcontact', 'logisticscontact']),
    teamServiceRef: teamRef('service contact', ['servicecontact', 'fieldserviceengineer']),
    teamExecutiveRef: teamRef('executive sponsor', ['executivesponsor']),
    /** Set or cleared by a person: the one status that is not derived. */
    isLost: field(value.bool(), { label: 'Lost', create: 'none', read: false }),
    orderCount: shown(z.number().int()),
    firstOrderId: shown(IdSchema.nullable()),
    lastOrderAt: shown(z.string().nullable()),
    /** True when the account's potential spend earns its first order the full paid audition. */
    isAuditionAccount: computed(z.boolean()),
    /** Why it needs re-engaging today (neglected, else past its ordering rhythm), in words; null when it does not. */
    attention: computed(z.object({ reason: z.enum(['neglected', 'rhythm_overdue']), explanation: z.string() }).nullable()),
    createdAt: shown(z.string()),
    updatedAt: shown(z.string()),
  },
  { importFirst: ['externalRef'] },
);

export const CreateAccountSchema = AccountEntity.create;
export type CreateAccount = z.infer<typeof CreateAccountSchema>;

export const UpdateAccountSchema = AccountEntity.update;
export type UpdateAccount = z.infer<typeof UpdateAccountSchema>;

export const AccountSchema = AccountEntity.read;
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

/** The account a record belongs to (contacts, orders, quotes): by id in the API… */
export const accountIdField = field(value.id(), { label: 'Account', create: 'required', update: false });
/** …and by its external reference in an import. */
export const accountRefField = importOnly(value.ref(), {
  label: 'Account',
  help: 'The account’s external reference.',
  import: { required: true, synonyms: ['customerid', 'accountid', 'customer', 'customercode', 'customerref'] },
});

// Contacts ---------------------------------------------------------------------------------------
export const CONTACT_ROLES = ['buyer', 'quality', 'engineering', 'executive', 'accounts_payable', 'user', 'other'] as const;
export const ContactRoleSchema = z.enum(CONTACT_ROLES);
export type ContactRole = z.infer<typeof ContactRoleSchema>;

export const ContactEntity = defineEntity({
  id: shown(IdSchema),
  accountId: shown(IdSchema),
  accountName: computed(z.string()),
  accountRef: accountRefField,
  name: field(value.nonEmptyText(120), { label: 'Name', create: 'required', import: { required: true, synonyms: NAME_SYNONYMS } }),
  externalRef: field(value.text(100), {
    label: 'ERP reference',
    help: 'The contact’s id in your ERP; re-imports update by it.',
    nullable: true,
    import: { synonyms: ['contactid', 'id'] },
  }),
  email: field(value.email(), { label: 'Email', nullable: true, import: { synonyms: EMAIL_SYNONYMS } }),
  phone: field(value.text(60), { label: 'Phone', nullable: true, import: { synonyms: PHONE_SYNONYMS } }),
  title: field(value.text(120), { label: 'Job title', nullable: true, import: { synonyms: ['contacttitle', 'jobtitle', 'position'] } }),
  roleAtCustomer: field(value.oneOf(ContactRoleSchema), { label: 'Role at the customer', create: { default: 'other' }, import: {} }),
  isPrimary: field(value.bool(), { label: 'Primary contact', create: { default: false }, import: {} }),
  /** Null: the settings' default update limit applies. */
  updateLimit: field(value.int(z.number().int().min(0).max(50)), { label: 'Progress updates per week', nullable: true }),
  createdAt: shown(z.string()),
});

export const CreateContactSchema = ContactEntity.create;
export type CreateContact = z.infer<typeof CreateContactSchema>;
export const UpdateContactSchema = ContactEntity.update;
export type UpdateContact = z.infer<typeof UpdateContactSchema>;

export const ContactSchema = ContactEntity.read;
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
