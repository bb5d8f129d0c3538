import type { ActorKind, Role } from '../../../contract/common.js';
import { forbidden } from './errors.js';

/** Who is acting, and from where: passed to every use case. */
export interface Actor {
  kind: ActorKind;
  userId: string | null;
  name: string;
  roles: readonly Role[];
  ip: string | null;
  requestId: string | null;
}

export const systemActor = (name = 'system'): Actor => ({
  kind: 'system',
  userId: null,
  name,
  roles: ['admin'],
  ip: null,
  requestId: null,
});

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return roles.some((r) => actor.roles.includes(r));
}

export function assertRole(actor: Actor, ...roles: Role[]): void {
  if (!hasRole(actor, ...roles)) {
    // users.forbidden: the actor lacks every role this action needs.
    throw forbidden('auth.forbidden', `This needs the role ${roles.join(' or ')}.`);
  }
}
