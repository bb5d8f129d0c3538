import { Alert, Button, Group, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState, type ReactNode } from 'react';
import { UpdateOrderSchema, type OrderCategory, type OrderDetail, type UpdateOrder } from '../../../../contract/orders';
import { ORDER_CATEGORY_LABELS, ORDER_CATEGORY_OPTIONS } from './model';
import { StaffSelect } from '../../components/staff-select';
import { formatDate } from '../../lib/format';
import { applyServerErrors, asYouType, blankToNull, zodValidate } from '../../lib/zod-form';
import { useUpdateOrder } from './api';

interface Values {
  promisedDate: string;
  expectedShipDate: string;
  repId: string | null;
  csrId: string | null;
  lots: number | string;
  category: OrderCategory;
}

const fromOrder = (o: OrderDetail): Values => ({
  promisedDate: o.promisedDate ?? '',
  expectedShipDate: o.expectedShipDate ?? '',
  repId: o.rep?.id ?? null,
  csrId: o.csr?.id ?? null,
  lots: o.lots ?? '',
  category: o.category,
});

const toPayload = (v: Values): UpdateOrder => ({
  promisedDate: blankToNull(v.promisedDate),
  expectedShipDate: blankToNull(v.expectedShipDate),
  repId: v.repId ?? null,
  csrId: v.csrId ?? null,
  lots: v.lots === '' ? null : Number(v.lots),
  category: v.category,
});

/** Only what changed, so the order's timeline records real changes. */
function changed(before: UpdateOrder, after: UpdateOrder): UpdateOrder {
  return Object.fromEntries(Object.entries(after).filter(([k, v]) => before[k as keyof UpdateOrder] !== v));
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

/** The order's plannable facts: read, then edit in place (PATCH). */
export function OrderFields({ order }: { order: OrderDetail }) {
  const [editing, setEditing] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: fromOrder(order),
    validate: zodValidate(UpdateOrderSchema, toPayload),
    ...asYouType,
  });
  const save = useUpdateOrder(order.id);

  if (!editing) {
    return (
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm">
          <Fact label="Promised date">{formatDate(order.promisedDate)}</Fact>
          <Fact label="Expected ship date">{formatDate(order.expectedShipDate)}</Fact>
          <Fact label="Category">{ORDER_CATEGORY_LABELS[order.category]}</Fact>
          <Fact label="Lots">{order.lots ?? '—'}</Fact>
          <Fact label="Sales rep">{order.rep?.name ?? '—'}</Fact>
          <Fact label="CSR">{order.csr?.name ?? '—'}</Fact>
          {order.carrier || order.trackingNumber ? (
            <Fact label="Shipment">
              {order.carrier ?? '—'} · {order.trackingNumber ?? '—'}
            </Fact>
          ) : null}
        </SimpleGrid>
        <Group>
          <Button
            variant="default"
            size="xs"
            onClick={() => {
              form.setValues(fromOrder(order));
              form.resetDirty(fromOrder(order));
              setFailure(null);
              setEditing(true);
            }}
            data-testid="edit-order-fields"
          >
            Edit dates, people and category
          </Button>
        </Group>
      </Stack>
    );
  }
  return (
    <form
      onSubmit={form.onSubmit((v) => {
        const body = changed(toPayload(fromOrder(order)), toPayload(v));
        if (Object.keys(body).length === 0) return setEditing(false);
        setFailure(null);
        // The page remounts this panel once the saved order arrives (keyed by updatedAt): react through the promise.
        return save.mutateAsync(body).then(
          () => {
            setEditing(false);
            notifications.show({ color: 'green', message: 'Order updated' });
          },
          (err) => setFailure(applyServerErrors(form, err, ['promisedDate', 'expectedShipDate', 'repId', 'csrId', 'lots', 'category'])),
        );
      })}
      noValidate
    >
      <Stack gap="sm">
        {failure && (
          <Alert color="red" title="Not saved">
            {failure}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput label="Promised date" type="date" {...form.getInputProps('promisedDate')} />
          <TextInput label="Expected ship date" type="date" {...form.getInputProps('expectedShipDate')} />
          <Select
            label="Category"
            data={ORDER_CATEGORY_OPTIONS}
            allowDeselect={false}
            data-testid="order-category"
            {...form.getInputProps('category')}
          />
          <TextInput label="Lots" type="number" min={1} {...form.getInputProps('lots')} />
          <StaffSelect label="Sales rep" extra={order.rep} {...form.getInputProps('repId')} />
          <StaffSelect label="CSR" extra={order.csr} {...form.getInputProps('csrId')} />
        </SimpleGrid>
        <Group>
          <Button type="submit" size="xs" loading={save.isPending} data-testid="save-order-fields">
            Save
          </Button>
          <Button variant="default" size="xs" onClick={() => setEditing(false)}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
