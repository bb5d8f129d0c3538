// Orders: lists, one order, creating, planning (dates and people) and moving it through its lifecycle.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  OrderDetailSchema,
  OrderSchema,
  CreateOrder,
  ListOrdersQuery,
  Order,
  TransitionOrder,
  UpdateOrder,
} from '../../../../contract/orders';
import { ApiError, apiPath, get, patch, post, type Answer, type Page } from '../../lib/api';
import { invalidate } from '../../lib/query';
import { accountKeys } from '../accounts/api';
import { taskKeys } from '../tasks/api';

export type OrderListQuery = Partial<ListOrdersQuery>;

export const orderKeys = {
  all: ['orders'] as const,
  list: (query: OrderListQuery) => ['orders', 'list', query] as const,
  detail: (id: string) => ['orders', 'detail', id] as const,
};

type OrderPage = Page<typeof OrderSchema>;

export function useOrders(query: OrderListQuery, options: { keepPrevious?: boolean; enabled?: boolean } = {}) {
  return useQuery({
    queryKey: orderKeys.list(query),
    queryFn: () => get<OrderPage>('/orders', { ...query }),
    placeholderData: options.keepPrevious ? keepPreviousData : undefined,
    enabled: options.enabled,
  });
}

export function useOrder(id: string) {
  return useQuery({ queryKey: orderKeys.detail(id), queryFn: () => get<Answer<typeof OrderDetailSchema>>(apiPath`/orders/${id}`) });
}

/** The account's first order changes what its page says (order count, the audition). */
export function useCreateOrder(idempotencyKey: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<CreateOrder>) => post<Answer<typeof OrderDetailSchema>>('/orders', body, { idempotencyKey }),
    onSuccess: (order) => invalidate(qc, orderKeys.all, accountKeys.detail(order.accountId)),
  });
}

export function useUpdateOrder(orderId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateOrder) => patch<Answer<typeof OrderDetailSchema>>(apiPath`/orders/${orderId}`, body),
    onSuccess: () => invalidate(qc, orderKeys.all, taskKeys.scorecard(orderId)),
  });
}

/**
 * A step in the order's lifecycle: the order, its playbook tasks (a status may start or stop
 * them) and the account's timeline change. A refusal refreshes what it is about: an open gate
 * the scorecard, any other conflict the order (someone else may have moved it).
 */
export function useTransitionOrder(order: Pick<Order, 'id' | 'accountId'>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TransitionOrder) => post<Answer<typeof OrderDetailSchema>>(apiPath`/orders/${order.id}/transitions`, body),
    onSuccess: () => invalidate(qc, orderKeys.all, taskKeys.all, accountKeys.timeline(order.accountId)),
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'orders.gate_open') void invalidate(qc, taskKeys.scorecard(order.id));
      else if (err instanceof ApiError && err.status === 409) void invalidate(qc, orderKeys.detail(order.id));
    },
  });
}
