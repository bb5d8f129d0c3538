// Who may import what (issue: "authorise the use case, not only the route"). An import is a bulk
// form of the use cases behind it, so it needs the roles those need. Pure: no db.
import type { Role } from '../../../contract/common.js';
import { GateOverrideSchema } from '../../../contract/tasks.js';
import { forbidden, hasRole, invalid, type Actor } from '../shared/index.js';
import type { ImportKind } from './fields.js';

/** Roles that may import business records (accounts, contacts, orders, lines, quotes). */
export const IMPORT_ROLES = ['admin', 'gm', 'operations'] as const satisfies readonly Role[];

/**
 * Users carry roles, email and external references, which only an admin may set (PATCH
 * /users/:id): importing them needs admin, like the use case.
 */
export function rolesToImport(kind: ImportKind): readonly Role[] {
  return kind === 'users' ? ['admin'] : IMPORT_ROLES;
}

/** Throws 403 auth.forbidden unless the actor may import this kind. */
export function assertMayImport(actor: Actor, kind: ImportKind): void {
  const roles = rolesToImport(kind);
  if (hasRole(actor, ...roles)) return;
  // auth.forbidden: the actor lacks the roles the records of this kind need.
  throw forbidden(
    'auth.forbidden',
    kind === 'users'
      ? 'Importing users needs the role admin: a users file sets roles and emails, which only an admin may change.'
      : `Importing ${kind} needs the role ${roles.join(' or ')}.`,
  );
}

/**
 * An override of open playbook gates rides an orders import only, for an admin only, with a
 * reason — as on POST /orders/:id/transitions.
 */
export function assertMayOverrideGates(actor: Actor, kind: ImportKind, override: { reason: string } | null | undefined): void {
  if (!override) return;
  if (kind !== 'orders') {
    // imports.invalid: a field of the import request is wrong (named in errors[]).
    throw invalid('imports.invalid', [{ path: 'overrideGates', message: 'is only for an orders import' }]);
  }
  const checked = GateOverrideSchema.safeParse(override);
  if (!checked.success) {
    throw invalid('imports.invalid', [{ path: 'overrideGates', message: checked.error.issues[0]?.message ?? 'is not a reason' }]);
  }
  // orders.gate_override_forbidden: only an admin may move an order past an open gate.
  if (!hasRole(actor, 'admin')) throw forbidden('orders.gate_override_forbidden', 'Only an admin may override a gate.');
}
