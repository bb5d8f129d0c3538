import { Alert, Anchor, Button, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '../../lib/notify';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { Account } from '../../../../contract/accounts';
import { CreateOrderSchema, OrderEntity } from '../../../../contract/orders';
import { wordsOf } from '../../lib/entity-form';
import { AccountSelect } from '../../components/account-select';
import { StaffSelect } from '../../components/staff-select';
import { ApiError, otherFailure } from '../../lib/api';
import { newIdempotencyKey } from '../../lib/idempotency';
import { formatMoney } from '../../lib/format';
import { useAccount } from '../accounts/api';
import { useCreateOrder } from './api';
import { linesSum, ORDER_CATEGORY_OPTIONS, todayIso } from './model';
import { emptyOrder, ORDER_FORM_FIELDS, orderFormErrors, toOrderInput, type OrderFormValues } from './order-form-model';
import { OrderLinesEditor } from './order-lines-editor';
import { applyServerErrors, asYouType, zodValidate } from '../../lib/zod-form';

export function OrderFormPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  // One key per form mount, so a double click or a retried request never makes two orders.
  // A 4xx means nothing was written, so a corrected resubmission gets a fresh key.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<OrderFormValues>({
    mode: 'controlled',
    initialValues: emptyOrder(params.get('accountId'), todayIso()),
    validate: zodValidate(CreateOrderSchema, toOrderInput, orderFormErrors),
    ...asYouType,
  });
  const values = form.getValues();
  const accountQuery = useAccount(values.accountId, { staleTime: 60_000 });
  const account = accountQuery.data ?? null;
  const currency = account?.currency ?? 'USD';
  const sum = linesSum(values.lines);

  const create = useCreateOrder(idempotencyKey);

  const submit = form.onSubmit((v) => {
    setFailure(null);
    // Validated with this schema on submit; parsed, it is the typed body the API takes.
    return create.mutateAsync(CreateOrderSchema.parse(toOrderInput(v))).then(
      (order) => {
        notifications.show({ color: 'green', message: `Order ${order.number} created` });
        void navigate(`/orders/${order.id}`);
      },
      (err) => {
        setFailure(
          err instanceof ApiError
            ? applyServerErrors(form, err, ORDER_FORM_FIELDS)
            : otherFailure(err, 'The server could not be reached. Nothing you typed is lost: try again.'),
        );
        if (err instanceof ApiError && err.status < 500) setIdempotencyKey(newIdempotencyKey());
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md" maw={1000}>
        <Group justify="space-between">
          <Title order={2}>New order</Title>
          <Anchor component={Link} to="/orders" size="sm">
            Back to orders
          </Anchor>
        </Group>
        {failure && (
          <Alert color="red" title="The order was not saved" data-testid="form-error">
            {failure}
          </Alert>
        )}
        <Paper withBorder p="md">
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <AccountSelect
              label="Account"
              required
              value={values.accountId}
              onChange={(id) => form.setFieldValue('accountId', id)}
              error={form.errors.accountId}
              data-testid="order-account"
              placeholder="Search accounts"
            />
            <TextInput {...wordsOf(OrderEntity, 'number')} required {...form.getInputProps('number')} data-testid="order-number" />
            <TextInput {...wordsOf(OrderEntity, 'placedAt')} type="date" {...form.getInputProps('placedAt')} />
            <TextInput {...wordsOf(OrderEntity, 'promisedDate')} type="date" {...form.getInputProps('promisedDate')} />
            <TextInput {...wordsOf(OrderEntity, 'expectedShipDate')} type="date" {...form.getInputProps('expectedShipDate')} />
            <TextInput {...wordsOf(OrderEntity, 'lots')} type="number" min={1} {...form.getInputProps('lots')} />
            <Select
              label="Category"
              data={ORDER_CATEGORY_OPTIONS}
              allowDeselect={false}
              data-testid="order-category"
              {...form.getInputProps('category')}
            />
            <StaffSelect {...wordsOf(OrderEntity, 'repId')} placeholder="Pick a rep" {...form.getInputProps('repId')} />
            <StaffSelect {...wordsOf(OrderEntity, 'csrId')} placeholder="Pick a CSR" {...form.getInputProps('csrId')} />
          </SimpleGrid>
          {account && <AuditionHint account={account} />}
        </Paper>
        <Paper withBorder p="md">
          <Title order={4} mb="xs">
            Lines
          </Title>
          <OrderLinesEditor form={form} currency={currency} />
        </Paper>
        <Paper withBorder p="md">
          <Group align="flex-end">
            <TextInput
              label="Amount"
              description={sum ? `Leave empty to use the sum of the lines (${formatMoney(sum, currency)})` : 'The order total'}
              placeholder={sum ?? '0.00'}
              inputMode="decimal"
              rightSection={
                <Text size="xs" c="dimmed">
                  {currency}
                </Text>
              }
              rightSectionWidth={42}
              w={320}
              {...form.getInputProps('amount')}
              data-testid="order-amount"
            />
          </Group>
        </Paper>
        <Group justify="flex-end">
          <Button variant="default" component={Link} to="/orders">
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending} data-testid="create-order">
            Create order
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function AuditionHint({ account }: { account: Account }) {
  if (account.orderCount > 0) return null;
  return (
    <Text size="sm" mt="sm" c="grape.8" data-testid="first-order-hint">
      {account.isAuditionAccount
        ? `★ This will be ${account.name}'s first order — a paid audition. The whole shop will see it marked.`
        : `This will be ${account.name}'s first order.`}
    </Text>
  );
}
