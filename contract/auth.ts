import { z } from 'zod';
import { EMAIL_SYNONYMS, EmailSchema, IdSchema, NAME_SYNONYMS, NonEmptyTextSchema, RoleSchema } from './common.js';
import { computed, defineEntity, field, importOnly, shown, value } from './entity.js';

export const PasswordSchema = z.string().min(10, 'must be at least 10 characters').max(200, 'must be at most 200 characters');

export { EmailSchema } from './common.js';

export const LoginSchema = z.strictObject({ email: EmailSchema, password: z.string().min(1).max(200) });
export type Login = z.infer<typeof LoginSchema>;

export const SetupSchema = z.strictObject({
  token: z.string().min(10).max(200),
  email: EmailSchema,
  name: NonEmptyTextSchema(120),
  password: PasswordSchema,
});
export type Setup = z.infer<typeof SetupSchema>;

/** Staff: who signs in, and the reps and CSRs that orders and quotes name. */
export const UserEntity = defineEntity(
  {
    id: shown(IdSchema),
    email: field(value.email(), {
      label: 'Email',
      help: 'Without an email this person cannot sign in (fine for reps imported from the ERP).',
      nullable: true,
      import: { synonyms: EMAIL_SYNONYMS },
    }),
    name: field(value.nonEmptyText(120), { label: 'Name', create: 'required', import: { required: true, synonyms: NAME_SYNONYMS } }),
    externalRef: field(value.text(100), {
      label: 'External reference',
      help: "This person's id in your ERP, if any.",
      nullable: true,
      import: {
        required: true,
        synonyms: ['employeeid', 'userid', 'staffid', 'id'],
        help: 'Their id in your ERP: orders and quotes name their rep by it, re-imports update by it.',
      },
    }),
    roles: field(value.list(z.array(RoleSchema).max(11), z.array(RoleSchema)), {
      label: 'Roles',
      create: { default: [] },
      store: 'custom',
      import: { help: 'Roles separated by “;”.' },
    }),
    active: field(value.bool(), { label: 'Active', create: 'none' }),
    canSignIn: computed(z.boolean()),
    password: field(value.of('secret', PasswordSchema, z.string()), { label: 'Password', read: false, store: 'custom' }),
    createdAt: shown(z.string()),
  },
  { importFirst: ['externalRef', 'name'] },
);

/** The sales rep of an order or a quote: by id in the API, by external reference in an import. */
export const repIdField = field(value.id(), { label: 'Sales rep', nullable: true, read: false });
export const repRefField = importOnly(value.ref(), {
  label: 'Sales rep',
  help: 'The sales rep’s external reference (import users first).',
  import: { synonyms: ['employeeid', 'salesrep', 'repid', 'salespersonid', 'rep'] },
});

export const UserSchema = UserEntity.read;
export type User = z.infer<typeof UserSchema>;

export const SessionInfoSchema = z.object({
  user: UserSchema,
  csrfToken: z.string(),
  /** In the sample company made by `rapport demo` only: this user may "sign in as" anyone. */
  canSwitchUser: z.boolean().optional(),
});
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

/** Sample company only: whom to become (POST /api/v1/demo/sign-in-as). */
export const SignInAsSchema = z.strictObject({ userId: IdSchema });
export const DemoStaffSchema = z.object({
  items: z.array(z.object({ id: IdSchema, name: z.string(), roles: z.array(RoleSchema) })),
});
export type DemoStaff = z.infer<typeof DemoStaffSchema>;

export const CreateUserSchema = UserEntity.create;
export type CreateUser = z.infer<typeof CreateUserSchema>;

export const UpdateUserSchema = UserEntity.update;
export type UpdateUser = z.infer<typeof UpdateUserSchema>;

/** PATCH /me: your name, or a new password confirmed by the current one. */
export const UpdateMeSchema = z
  .strictObject({
    name: NonEmptyTextSchema(120).optional(),
    password: PasswordSchema.optional(),
    currentPassword: z.string().min(1).max(200).optional(),
    /** With a new password: also revoke your API tokens (default yes). */
    revokeTokens: z.boolean().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.password !== undefined && v.currentPassword === undefined) {
      ctx.addIssue({ code: 'custom', path: ['currentPassword'], message: 'is required to change your password' });
    }
  });
export type UpdateMe = z.infer<typeof UpdateMeSchema>;

export const SignedOutSchema = z.object({ sessionsRevoked: z.number().int(), tokensRevoked: z.number().int() });
export type SignedOut = z.infer<typeof SignedOutSchema>;

export const MeUpdatedSchema = UserSchema.extend({ signedOut: SignedOutSchema.optional() });

/** POST /me/sign-out-everywhere: every other session ends; API tokens too unless revokeTokens is false. */
export const SignOutEverywhereSchema = z.strictObject({ revokeTokens: z.boolean().default(true) });

export const MySessionSchema = z.object({
  createdAt: z.string(),
  lastSeenAt: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});
export type MySession = z.infer<typeof MySessionSchema>;

export const CreateTokenSchema = z.strictObject({ name: NonEmptyTextSchema(80) });
export type CreateToken = z.infer<typeof CreateTokenSchema>;

export const TokenSchema = z.object({
  id: IdSchema,
  name: z.string(),
  prefix: z.string(),
  user: z.object({ id: IdSchema, name: z.string() }),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type Token = z.infer<typeof TokenSchema>;

export const CreatedTokenSchema = z.object({ id: IdSchema, name: z.string(), token: z.string() });
export type CreatedToken = z.infer<typeof CreatedTokenSchema>;
