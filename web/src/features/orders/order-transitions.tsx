import { Alert, Button, Group, List, Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '../../lib/notify';
import { useState } from 'react';
import type { OrderDetail, OrderStatus, TransitionOrder } from '../../../../contract/orders';
import { GateOverrideSchema } from '../../../../contract/tasks';
import { ApiError, ResponseShapeError } from '../../lib/api';
import { useSession } from '../../lib/session';
import { LockIcon } from '../tasks/lock-icon';
import { ORDER_STATUS_LABELS } from '../../lib/format';
import { useTransitionOrder } from './api';
import { LIFECYCLE } from './model';
import { MoveLock, useOpenGates } from './move-lock';

function buttonLabel(from: OrderStatus, to: OrderStatus): string {
  if (to === 'cancelled') return 'Cancel order';
  const back = LIFECYCLE.indexOf(to) < LIFECYCLE.indexOf(from);
  return back ? `Send back to ${ORDER_STATUS_LABELS[to]}` : `Move to ${ORDER_STATUS_LABELS[to]}`;
}

/** One button per allowed next status; shipping asks for carrier and tracking; a refusal (409) says why. */
export function OrderTransitions({ order }: { order: OrderDetail }) {
  const [asking, setAsking] = useState<OrderStatus | null>(null);
  const [carrier, setCarrier] = useState(order.carrier ?? '');
  const [tracking, setTracking] = useState(order.trackingNumber ?? '');
  const [note, setNote] = useState('');
  const [refusal, setRefusal] = useState<{ title: string; detail: string; gates?: string[]; body?: TransitionOrder } | null>(null);
  const [overriding, setOverriding] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const { hasRole } = useSession();
  const shipGates = useOpenGates(order.id, 'shipped');
  // Nothing to type while the lock holds, unless an admin may override it afterwards.
  const canTypeShipping = shipGates.length === 0 || hasRole('admin');

  const move = useTransitionOrder(order);
  // Through the promise, not mutate's callbacks: a last step (closed, cancelled) unmounts this
  // panel before the answer's reactions would run, and the notification must still show.
  const send = (body: TransitionOrder) =>
    void move.mutateAsync(body).then(
      () => moved(body),
      (err) => refused(err, body),
    );
  // The answer comes once every list it touched has been refetched: by then the user may have
  // opened the next move's dialog (the status badge updates first), which must stay open.
  const closeDialogOf = (body: TransitionOrder) => setAsking((open) => (open === body.to ? null : open));
  const moved = (body: TransitionOrder) => {
    closeDialogOf(body);
    if (body.to === 'shipped' || body.to === 'cancelled') setNote('');
    setRefusal(null);
    setOverriding(false);
    setReason('');
    notifications.show({ color: 'green', message: `Order ${order.number}: ${ORDER_STATUS_LABELS[body.to]}` });
  };
  const refused = (err: unknown, body: TransitionOrder) => {
    closeDialogOf(body);
    // orders.gate_open: a playbook step must be done first; errors[] names each step and what is missing.
    if (err instanceof ApiError && err.code === 'orders.gate_open') {
      const gates = (err.problem.errors ?? []).map((e) => e.message);
      setRefusal({
        title: `Locked: ${ORDER_STATUS_LABELS[body.to]} needs these steps done first`,
        detail: err.problem.detail ?? err.message,
        gates,
        body,
      });
      return;
    }
    if (err instanceof ApiError && err.status === 400 && body.overrideGates) {
      setReasonError(err.fieldErrors()['overrideGates.reason'] ?? err.problem.detail ?? err.message);
      setOverriding(true);
      return;
    }
    // The page may be stale (someone else moved the order): the hook refreshes it, beside the reason.
    if (err instanceof ApiError)
      setRefusal({
        title: err.status === 409 ? 'This step cannot be taken yet' : err.problem.title,
        detail: err.problem.detail ?? err.message,
      });
    else
      setRefusal(
        err instanceof ResponseShapeError
          ? { title: 'An answer this page cannot read', detail: err.message }
          : { title: 'The server could not be reached', detail: 'Nothing changed. Try again.' },
      );
  };

  const start = (to: OrderStatus) => {
    setRefusal(null);
    if (to === 'shipped' || to === 'cancelled') setAsking(to);
    else send({ to });
  };

  if (order.nextStatuses.length === 0) return null;
  const forward = order.nextStatuses.filter((s) => s !== 'cancelled' && LIFECYCLE.indexOf(s) > LIFECYCLE.indexOf(order.status));
  const others = order.nextStatuses.filter((s) => !forward.includes(s));
  return (
    <Stack gap="xs">
      <Group gap="xs">
        {forward.map((s) => (
          <Button key={s} onClick={() => start(s)} loading={move.isPending && move.variables?.to === s} data-testid={`transition-${s}`}>
            {buttonLabel(order.status, s)}
          </Button>
        ))}
        {others.map((s) => (
          <Button
            key={s}
            variant={s === 'cancelled' ? 'subtle' : 'default'}
            color={s === 'cancelled' ? 'red' : undefined}
            onClick={() => start(s)}
            loading={move.isPending && move.variables?.to === s}
            data-testid={`transition-${s}`}
          >
            {buttonLabel(order.status, s)}
          </Button>
        ))}
      </Group>
      {refusal && (
        <Alert
          color={refusal.gates ? 'grape' : 'red'}
          variant="light"
          title={refusal.title}
          withCloseButton
          onClose={() => setRefusal(null)}
          data-testid="transition-error"
          role="alert"
        >
          {refusal.gates && refusal.gates.length > 0 ? (
            <Stack gap="xs">
              <List size="sm" spacing={4} icon={<LockIcon />}>
                {refusal.gates.map((g) => (
                  <List.Item key={g} data-testid="gate-missing">
                    {g}
                  </List.Item>
                ))}
              </List>
              {hasRole('admin') && refusal.body && !overriding && (
                <div>
                  <Button size="xs" variant="outline" color="red" onClick={() => setOverriding(true)} data-testid="override-gate">
                    Override with a reason
                  </Button>
                </div>
              )}
              {hasRole('admin') && refusal.body && overriding && (
                <form
                  onSubmit={(e) => {
                    e.preventDefault();
                    const parsed = GateOverrideSchema.safeParse({ reason });
                    if (!parsed.success) {
                      setReasonError(parsed.error.issues[0]?.message ?? 'give a reason');
                      return;
                    }
                    setReasonError(null);
                    send({ ...refusal.body!, overrideGates: { reason: parsed.data.reason } });
                  }}
                >
                  <Stack gap="xs">
                    <Textarea
                      label="Why move past the lock?"
                      description="Recorded on the order's timeline and in the audit log."
                      withAsterisk
                      autosize
                      minRows={2}
                      value={reason}
                      onChange={(e) => setReason(e.currentTarget.value)}
                      error={reasonError ? reasonError.charAt(0).toUpperCase() + reasonError.slice(1) : undefined}
                      data-autofocus
                      data-testid="override-reason"
                    />
                    <Group gap="xs">
                      <Button type="submit" size="xs" color="red" loading={move.isPending} data-testid="confirm-override">
                        Override and {buttonLabel(order.status, refusal.body.to).toLowerCase()}
                      </Button>
                      <Button size="xs" variant="default" onClick={() => setOverriding(false)}>
                        Cancel
                      </Button>
                    </Group>
                  </Stack>
                </form>
              )}
              {!hasRole('admin') && (
                <Text size="xs" c="dimmed">
                  Only an admin can move an order past a lock, with a written reason.
                </Text>
              )}
            </Stack>
          ) : (
            refusal.detail
          )}
        </Alert>
      )}
      <Modal opened={asking === 'shipped'} onClose={() => setAsking(null)} title={`Ship order ${order.number}`}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            send({
              to: 'shipped',
              carrier: carrier.trim() || undefined,
              trackingNumber: tracking.trim() || undefined,
              note: note.trim() || undefined,
            });
          }}
        >
          <Stack gap="sm">
            <MoveLock gates={shipGates} to="shipped" canOverride={hasRole('admin')} />
            {canTypeShipping && (
              <>
                <TextInput
                  label="Carrier"
                  required
                  value={carrier}
                  onChange={(e) => setCarrier(e.currentTarget.value)}
                  data-autofocus
                  data-testid="ship-carrier"
                />
                <TextInput
                  label="Tracking number"
                  required
                  value={tracking}
                  onChange={(e) => setTracking(e.currentTarget.value)}
                  description="Sent to the customer with the shipping notice"
                  data-testid="ship-tracking"
                />
                <Textarea label="Note" autosize minRows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
              </>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setAsking(null)} data-autofocus={canTypeShipping ? undefined : true}>
                {canTypeShipping ? 'Not yet' : 'Close'}
              </Button>
              {canTypeShipping && (
                <Button type="submit" disabled={!carrier.trim() || !tracking.trim()} loading={move.isPending} data-testid="confirm-ship">
                  Mark as shipped
                </Button>
              )}
            </Group>
          </Stack>
        </form>
      </Modal>
      <Modal opened={asking === 'cancelled'} onClose={() => setAsking(null)} title={`Cancel order ${order.number}?`}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            send({ to: 'cancelled', note: note.trim() || undefined });
          }}
        >
          <Stack gap="sm">
            <Textarea
              label="Why is it cancelled?"
              autosize
              minRows={2}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              data-autofocus
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setAsking(null)}>
                Keep the order
              </Button>
              <Button type="submit" color="red" loading={move.isPending} data-testid="confirm-cancel">
                Cancel order
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}
