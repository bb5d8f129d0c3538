// Whose day My day shows (day-picker.tsx chooses it): read from the URL, ?for=<user id> or
// ?role=<role>, and only for a GM, a quality manager or an admin; everyone else sees their own.
import { useSearchParams } from 'react-router';
import { isRole as isAnyRole, type Role } from '../../../../contract/roles';
import { useSession } from '../../lib/session';
import type { DayView } from '../tasks/api';

const isRole = (r: string | null): r is Role => r !== null && isAnyRole(r);

/** The day the URL names; only a manager may name one other than their own. */
export function useDayView(): { view: DayView; mayChoose: boolean } {
  const { hasRole, user } = useSession();
  const [params] = useSearchParams();
  const mayChoose = hasRole('admin', 'gm', 'quality_manager');
  const person = params.get('for');
  const role = params.get('role');
  if (!mayChoose) return { view: { kind: 'me' }, mayChoose };
  if (person && person !== user?.id) return { view: { kind: 'person', id: person }, mayChoose };
  if (isRole(role)) return { view: { kind: 'role', role }, mayChoose };
  return { view: { kind: 'me' }, mayChoose };
}
