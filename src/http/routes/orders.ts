import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdSchema, pageOf } from '../../../contract/common.js';
import {
  AddOrderLineSchema,
  CreateOrderSchema,
  ListOrdersQuerySchema,
  OrderDetailSchema,
  OrderSchema,
  TransitionOrderSchema,
  UpdateOrderSchema,
} from '../../../contract/orders.js';
import { addOrderLine, createOrder, getOrderDetail, listOrders, transitionOrder, updateOrder } from '../../domain/orders/index.js';
import { contextOf, requireUser } from '../plugins/auth.js';

const IdParams = z.object({ id: IdSchema });

export async function ordersRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/orders',
    {
      schema: {
        tags: ['orders'],
        summary: 'Search and page orders',
        querystring: ListOrdersQuerySchema,
        response: { 200: pageOf(OrderSchema) },
        errorCodes: ['pagination.bad_cursor'],
      },
      onRequest: requireUser,
    },
    async (request) => listOrders(contextOf(request), request.query),
  );

  r.post(
    '/api/v1/orders',
    {
      schema: {
        tags: ['orders'],
        summary: 'Create an order (accepts Idempotency-Key)',
        body: CreateOrderSchema,
        response: { 201: OrderDetailSchema },
        errorCodes: ['accounts.not_found', 'orders.invalid', 'orders.number_taken'],
      },
      onRequest: requireUser,
    },
    async (request, reply) => reply.code(201).send(await createOrder(contextOf(request), request.body)),
  );

  r.get(
    '/api/v1/orders/:id',
    {
      schema: {
        tags: ['orders'],
        summary: 'One order with its lines and events (newest first)',
        params: IdParams,
        response: { 200: OrderDetailSchema },
        errorCodes: ['orders.not_found'],
      },
      onRequest: requireUser,
    },
    async (request) => getOrderDetail(contextOf(request), request.params.id),
  );

  r.patch(
    '/api/v1/orders/:id',
    {
      schema: {
        tags: ['orders'],
        summary: 'Change order fields; each change is recorded',
        params: IdParams,
        body: UpdateOrderSchema,
        response: { 200: OrderDetailSchema },
        errorCodes: ['orders.not_found', 'orders.invalid'],
      },
      onRequest: requireUser,
    },
    async (request) => updateOrder(contextOf(request), { id: request.params.id, patch: request.body }),
  );

  r.post(
    '/api/v1/orders/:id/transitions',
    {
      schema: {
        tags: ['orders'],
        summary: 'Move an order along its lifecycle',
        params: IdParams,
        body: TransitionOrderSchema,
        response: { 200: OrderDetailSchema },
        errorCodes: ['orders.not_found', 'orders.bad_transition', 'orders.invalid', 'orders.gate_open', 'orders.gate_override_forbidden'],
      },
      onRequest: requireUser,
    },
    async (request) => transitionOrder(contextOf(request), { id: request.params.id, transition: request.body }),
  );

  r.post(
    '/api/v1/orders/:id/lines',
    {
      schema: {
        tags: ['orders'],
        summary: 'Add a line; a line-derived amount follows',
        params: IdParams,
        body: AddOrderLineSchema,
        response: { 201: OrderDetailSchema },
        errorCodes: ['orders.not_found', 'orders.invalid'],
      },
      onRequest: requireUser,
    },
    async (request, reply) =>
      reply.code(201).send(await addOrderLine(contextOf(request), { orderId: request.params.id, line: request.body })),
  );
}
