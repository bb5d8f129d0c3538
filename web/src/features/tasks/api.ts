// The task API as hooks: My day, completion with evidence, sign-offs, take and reassign.
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { HotButton } from '../../../../contract/accounts';
import type { AssignTask, CompleteTask, SignOff, Task } from '../../../../contract/tasks';
import { get, post } from '../../lib/api';
import { newIdempotencyKey } from '../../lib/idempotency';

export const tasksKey = ['tasks'] as const;

/** Mine plus my roles' unassigned tasks (the server's default), still to do. */
export function useMyTasks() {
  return useQuery({
    queryKey: [...tasksKey, 'mine'],
    queryFn: () => get<{ items: Task[] }>('/tasks', { mine: 'true', status: 'open' }),
    refetchInterval: 60_000,
  });
}

export function useHotButtons(accountId: string | null | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['hot-buttons', accountId],
    queryFn: () => get<{ items: HotButton[] }>(`/accounts/${accountId}/hot-buttons`, { limit: 100 }),
    enabled: Boolean(accountId) && enabled,
  });
}

/** Everything that shows tasks: My day, the order's scorecard, the order itself (gates). */
export async function refreshTaskViews(qc: QueryClient, task: Pick<Task, 'order'>): Promise<void> {
  await Promise.all([
    qc.invalidateQueries({ queryKey: tasksKey }),
    task.order ? qc.invalidateQueries({ queryKey: ['scorecard', task.order.id] }) : Promise.resolve(),
    task.order ? qc.invalidateQueries({ queryKey: ['order', task.order.id] }) : Promise.resolve(),
  ]);
}

export function useCompleteTask(task: Task) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CompleteTask) => post<Task>(`/tasks/${task.id}/complete`, body, { idempotencyKey: newIdempotencyKey() }),
    onSuccess: () => refreshTaskViews(qc, task),
  });
}

export function useSignOff(task: Task) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SignOff) => post<Task>(`/tasks/${task.id}/signoffs`, body, { idempotencyKey: newIdempotencyKey() }),
    onSuccess: () => refreshTaskViews(qc, task),
  });
}

export function useTakeTask(task: Task) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: () => post<Task>(`/tasks/${task.id}/take`), onSuccess: () => refreshTaskViews(qc, task) });
}

export function useAssignTask(task: Task) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: AssignTask) => post<Task>(`/tasks/${task.id}/assign`, body),
    onSuccess: () => refreshTaskViews(qc, task),
  });
}
