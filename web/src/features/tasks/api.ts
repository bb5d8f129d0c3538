// The task API as hooks: My day, an order's scorecard (its tasks and gates), completion with
// evidence, sign-offs, take and reassign.
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ScorecardSchema,
  TaskListSchema,
  TaskSchema,
  AssignTask,
  RescheduleTask,
  CompleteTask,
  SignOff,
  Task,
} from '../../../../contract/tasks';
import type { Role } from '../../../../contract/common';
import { apiPath, get, post, type Answer } from '../../lib/api';
import { newIdempotencyKey } from '../../lib/idempotency';
import { invalidate } from '../../lib/query';

/** Every view of tasks sits under `all`: a change to one task refreshes My day and the scorecards alike. */
export const taskKeys = {
  all: ['tasks'] as const,
  mine: ['tasks', 'mine'] as const,
  scorecard: (orderId: string) => ['tasks', 'scorecard', orderId] as const,
};

/** Whose day My day shows: mine, a colleague's (a manager covering an absence), or a role's pool. */
export type DayView = { kind: 'me' } | { kind: 'person'; id: string } | { kind: 'role'; role: Role };

/** Mine plus my roles' unassigned tasks (the server's default), still to do — or another day's. */
export function dayTasksQuery(view: DayView = { kind: 'me' }) {
  const query =
    view.kind === 'me'
      ? { mine: 'true', status: 'open' }
      : view.kind === 'person'
        ? { mine: 'true', for: view.id, status: 'open' }
        : { mine: 'false', role: view.role, status: 'open' };
  return queryOptions({
    queryKey: view.kind === 'me' ? taskKeys.mine : [...taskKeys.all, 'day', view],
    queryFn: () => get<Answer<typeof TaskListSchema>>('/tasks', query),
    // Asked for before My day's screen arrived (main.tsx): that answer is not asked again on mount.
    staleTime: 5_000,
  });
}

export function useDayTasks(view: DayView = { kind: 'me' }) {
  return useQuery({ ...dayTasksQuery(view), refetchInterval: 60_000 });
}

/** The steps this day's person completed today (the organisation's day), the latest first. */
export function useDoneToday(view: DayView, enabled: boolean) {
  const query =
    view.kind === 'person'
      ? { mine: 'true', for: view.id, status: 'done', completed: 'today' }
      : { mine: 'true', status: 'done', completed: 'today' };
  return useQuery({
    queryKey: [...taskKeys.all, 'done-today', view],
    queryFn: () => get<Answer<typeof TaskListSchema>>('/tasks', query),
    enabled: enabled && view.kind !== 'role',
  });
}

// Only whether a run exists: the ids are all My day reads of the answer.
type AnyRun = { items: { id: string }[] };

/**
 * Whether any playbook is running at all (My day's empty state tells "all done" from "nothing set
 * up"); asked only when `enabled` — when the day turned out empty.
 */
export function useIsAnyRunActive(enabled = true) {
  const runs = useQuery({
    queryKey: [...taskKeys.all, 'any-run-active'],
    queryFn: () => get<AnyRun>('/playbook-runs', { status: 'active', limit: 1 }),
    enabled,
  });
  return { ...runs, data: runs.data ? runs.data.items.length > 0 : undefined };
}

/** An order's playbook steps, gates, dates and the money at stake. */
export function useScorecard(orderId: string) {
  return useQuery({
    queryKey: taskKeys.scorecard(orderId),
    queryFn: () => get<Answer<typeof ScorecardSchema>>(apiPath`/orders/${orderId}/scorecard`),
  });
}

function useTaskMutation<V>(request: (taskId: string, body: V) => Promise<Task>, task: Pick<Task, 'id'>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (body: V) => request(task.id, body), onSuccess: () => invalidate(qc, taskKeys.all) });
}

export function useCompleteTask(task: Pick<Task, 'id'>) {
  return useTaskMutation(
    (id, body: CompleteTask) =>
      post<Answer<typeof TaskSchema>>(apiPath`/tasks/${id}/complete`, body, { idempotencyKey: newIdempotencyKey() }),
    task,
  );
}

export function useSignOff(task: Pick<Task, 'id'>) {
  return useTaskMutation(
    (id, body: SignOff) => post<Answer<typeof TaskSchema>>(apiPath`/tasks/${id}/signoffs`, body, { idempotencyKey: newIdempotencyKey() }),
    task,
  );
}

export function useTakeTask(task: Pick<Task, 'id'>) {
  return useTaskMutation((id, _body: void) => post<Answer<typeof TaskSchema>>(apiPath`/tasks/${id}/take`), task);
}

export function useAssignTask(task: Pick<Task, 'id'>) {
  return useTaskMutation((id, body: AssignTask) => post<Answer<typeof TaskSchema>>(apiPath`/tasks/${id}/assign`, body), task);
}

export function useRescheduleTask(task: Pick<Task, 'id'>) {
  return useTaskMutation((id, body: RescheduleTask) => post<Answer<typeof TaskSchema>>(apiPath`/tasks/${id}/reschedule`, body), task);
}
