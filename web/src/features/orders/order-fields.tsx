import { Alert, Button, Group, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '../../lib/notify';
import { useState, type ReactNode } from 'react';
import { OrderEntity, UpdateOrderSchema, type OrderDetail } from '../../../../contract/orders';
import { wordsOf } from '../../lib/entity-form';
import { ORDER_CATEGORY_LABELS, ORDER_CATEGORY_OPTIONS } from './model';
import { fromOrder, ORDER_EDIT_FIELDS, orderPatch, type OrderEditValues } from './order-form-model';
import { StaffSelect } from '../../components/staff-select';
import { formatDate } from '../../lib/format';
import { applyServerErrors, asYouType, zodValidate } from '../../lib/zod-form';
import { useUpdateOrder } from './api';

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
  const form = useForm<OrderEditValues>({
    mode: 'controlled',
    initialValues: fromOrder(order),
    validate: zodValidate(UpdateOrderSchema, (v: OrderEditValues) => orderPatch(order, v)),
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
        // Validated with this schema on submit; parsed, it is the typed body the API takes.
        const body = UpdateOrderSchema.parse(orderPatch(order, v));
        if (Object.keys(body).length === 0) return setEditing(false);
        setFailure(null);
        // The page remounts this panel once the saved order arrives (keyed by updatedAt): react through the promise.
        return save.mutateAsync(body).then(
          () => {
            setEditing(false);
            notifications.show({ color: 'green', message: 'Order updated' });
          },
          (err) => setFailure(applyServerErrors(form, err, ORDER_EDIT_FIELDS)),
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
          <TextInput {...wordsOf(OrderEntity, 'lots')} type="number" min={1} {...form.getInputProps('lots')} />
          <StaffSelect {...wordsOf(OrderEntity, 'repId')} extra={order.rep} {...form.getInputProps('repId')} />
          <StaffSelect {...wordsOf(OrderEntity, 'csrId')} extra={order.csr} {...form.getInputProps('csrId')} />
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
