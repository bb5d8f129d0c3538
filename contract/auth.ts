import { z } from 'zod';
import { IdSchema, NonEmptyTextSchema, RoleSchema } from './common.js';

export const PasswordSchema = z.string().min(10, 'must be at least 10 characters').max(200, 'must be at most 200 characters');

export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'must be an email address' }));

export const LoginSchema = z.strictObject({ email: EmailSchema, password: z.string().min(1).max(200) });
export type Login = z.infer<typeof LoginSchema>;

export const SetupSchema = z.strictObject({
  token: z.string().min(10).max(200),
  email: EmailSchema,
  name: NonEmptyTextSchema(120),
  password: PasswordSchema,
});
export type Setup = z.infer<typeof SetupSchema>;

export const UserSchema = z.object({
  id: IdSchema,
  email: z.string().nullable(),
  name: z.string(),
  externalRef: z.string().nullable(),
  roles: z.array(RoleSchema),
  active: z.boolean(),
  canSignIn: z.boolean(),
  createdAt: z.string(),
});
export type User = z.infer<typeof UserSchema>;

export const SessionInfoSchema = z.object({ user: UserSchema, csrfToken: z.string() });
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

export const CreateUserSchema = z.strictObject({
  email: EmailSchema.nullish(),
  name: NonEmptyTextSchema(120),
  externalRef: z.string().trim().max(100).nullish(),
  roles: z.array(RoleSchema).max(11).default([]),
  password: PasswordSchema.optional(),
});
export type CreateUser = z.infer<typeof CreateUserSchema>;

export const UpdateUserSchema = z.strictObject({
  email: EmailSchema.nullish(),
  name: NonEmptyTextSchema(120).optional(),
  externalRef: z.string().trim().max(100).nullish(),
  roles: z.array(RoleSchema).max(11).optional(),
  active: z.boolean().optional(),
  password: PasswordSchema.optional(),
});
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
