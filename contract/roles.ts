// The roles, as a plain list: no zod here, so the web's first screen can read them (whose day My day
// shows) without loading the validation library (docs/decisions/0021-answers-typed-not-parsed.md).
// contract/common.ts makes the zod enum from this list, and the database's CHECK is made from it too.

export const ROLES = [
  'admin',
  'gm',
  'sales',
  'csr',
  'quality',
  'quality_manager',
  'operations',
  'engineering',
  'shipping',
  'service',
  'executive',
] as const;
export type Role = (typeof ROLES)[number];
export const isRole = (text: string): text is Role => (ROLES as readonly string[]).includes(text);
