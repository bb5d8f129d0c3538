// The password policy (docs/operations.md#passwords), applied on every path that sets a password:
// the setup link, `rapport admin create`, an admin creating or resetting a user, a user changing
// their own. Length comes from the contract (PasswordSchema: 10–200 characters, no composition
// rules, as OWASP advises); on top, a password may not be one of the ~49,000 most common and
// breached passwords zxcvbn ships, nor the user's email, nor the password it replaces.
import { dictionary } from '@zxcvbn-ts/language-common';
import { invalid } from '../shared/index.js';
import { hashPassword } from './secrets.js';

let common: Set<string> | undefined;

function commonPasswords(): Set<string> {
  common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return common;
}

export interface PasswordContext {
  email?: string | null | undefined;
  /** The password being replaced, when the user typed it to confirm the change. */
  currentPassword?: string | undefined;
}

/** Why a password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, context: PasswordContext = {}): string | null {
  const folded = password.toLowerCase();
  if (commonPasswords().has(folded)) return 'is one of the most common passwords; choose a longer phrase only you would use';
  if (context.email && folded === context.email.toLowerCase()) return 'must not be your email address';
  if (context.currentPassword !== undefined && password === context.currentPassword) return 'must differ from your current password';
  return null;
}

/** Checks a new password against the policy, then hashes it (argon2id). */
export async function hashNewPassword(password: string, context: PasswordContext = {}, field = 'password'): Promise<string> {
  const problem = passwordProblem(password, context);
  // auth.weak_password: the new password is common, breached, or the user's email.
  if (problem) throw invalid('auth.weak_password', [{ path: field, message: problem }]);
  return hashPassword(password);
}
