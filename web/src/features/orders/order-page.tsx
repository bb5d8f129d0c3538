import { Alert, Anchor, Badge, Grid, Group, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import type { OrderDetail } from '../../../../contract/orders';
import { AuditionBanner } from '../../components/audition-banner';
import { FirstOrderMark } from '../../components/first-order-mark';
import { LateBadge, OrderStatusBadge } from '../../components/order-status-badge';
import { ApiError } from '../../lib/api';
import { formatDate, formatDateTime, formatMoney } from '../../lib/format';
import { useOrder } from './api';
import { OrderFields } from './order-fields';
import { CorrectionButton } from '../messages/correction-button';
import { ReportProblemButton } from '../problems/report-problem-button';
import { LateNoticeCard } from './late-notice-card';
import { OrderHistory } from './order-history';
import { OrderLifecycle } from './order-lifecycle';
import { OrderScorecard } from './order-scorecard';
import { OrderTransitions } from './order-transitions';

/** The order's scorecard (docs/ux.md "A first order in the shop"). */
export function OrderPage() {
  const { id = '' } = useParams();
  const q = useOrder(id);
  if (q.isLoading) return <Loader aria-label="Loading order" />;
  if (q.isError || !q.data) {
    const notFound = q.error instanceof ApiError && q.error.status === 404;
    return (
      <Alert color={notFound ? 'gray' : 'red'} title={notFound ? 'No such order' : 'Could not load the order'}>
        {notFound ? 'It may have been removed, or the link is wrong. ' : `${q.error?.message ?? ''} `}
        <Anchor component={Link} to="/orders">
          Back to orders
        </Anchor>
      </Alert>
    );
  }
  const o = q.data;
  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Anchor component={Link} to="/orders" size="xs">
          ← Orders
        </Anchor>
        <Group gap="sm" align="center">
          <Title order={2}>Order {o.number}</Title>
          <FirstOrderMark isFirstOrder={o.isFirstOrder} isAudition={o.isAudition} />
          <OrderStatusBadge status={o.status} size="lg" />
          <LateBadge isLate={o.isLate} size="lg" />
        </Group>
        <Group gap="lg">
          <Text size="sm">
            for{' '}
            <Anchor component={Link} to={`/accounts/${o.accountId}`} fw={600}>
              {o.accountName}
            </Anchor>
          </Text>
          <Text size="sm" title={formatDateTime(o.placedAt)}>
            placed {formatDate(o.placedAt)}
          </Text>
          <Text size="sm" fw={700} ff="monospace">
            {formatMoney(o.amount, o.currency)}
          </Text>
          {o.externalRef && (
            <Text size="sm" c="dimmed">
              ERP {o.externalRef}
            </Text>
          )}
          <CorrectionButton accountId={o.accountId} orderId={o.id} orderNumber={o.number} />
          <ReportProblemButton accountId={o.accountId} orderId={o.id} orderNumber={o.number} />
        </Group>
      </Stack>

      <AuditionBanner
        isFirstOrder={o.isFirstOrder}
        isAudition={o.isAudition}
        accountName={o.accountName}
        acquisitionCost={o.acquisitionCost}
        currency={o.currency}
      />

      <DateCompare order={o} />

      <LateNoticeCard orderId={o.id} isOpen={!['shipped', 'delivered', 'closed', 'cancelled'].includes(o.status)} />

      <Grid gap="md">
        {/* On a phone the columns stack: the next action and the scorecard come before the lifecycle (docs/ux.md "Phones"). */}
        <Grid.Col span={{ base: 12, md: 4 }} order={{ base: 2, md: 1 }}>
          <Paper withBorder p="md">
            <Title order={4} mb="sm">
              Steps
            </Title>
            <OrderLifecycle order={o} />
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }} order={{ base: 1, md: 2 }}>
          <Stack gap="md">
            <Paper withBorder p="md" data-testid="order-next-action">
              <Title order={4} mb="sm">
                Next step
              </Title>
              {o.nextStatuses.length ? (
                <OrderTransitions order={o} />
              ) : (
                <Text size="sm" c="dimmed">
                  This order is {o.status === 'cancelled' ? 'cancelled' : 'closed'}: there is no next step.
                </Text>
              )}
            </Paper>
            <OrderScorecard order={o} />
            <Paper withBorder p="md">
              <Title order={4} mb="sm">
                Plan and people
              </Title>
              <OrderFields key={o.updatedAt} order={o} />
            </Paper>
            <Paper withBorder p="md">
              <Title order={4} mb="sm">
                Lines
              </Title>
              <OrderLines order={o} />
            </Paper>
            <Paper withBorder p="md">
              <Title order={4} mb="sm">
                History
              </Title>
              <OrderHistory events={o.events} />
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/** Promised vs expected ship date, the heart of "on time" (docs/domain.md §4). */
function DateCompare({ order: o }: { order: OrderDetail }) {
  const risk = !o.isLate && o.promisedDate && o.expectedShipDate && o.expectedShipDate > o.promisedDate && !o.shippedAt;
  return (
    <Paper withBorder p="sm" data-testid="date-compare">
      <Group gap="xl">
        <div>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Promised to ship
          </Text>
          <Group gap={6}>
            <Text fw={700} c={o.isLate ? 'red.8' : undefined}>
              {formatDate(o.promisedDate)}
            </Text>
            <LateBadge isLate={o.isLate} />
          </Group>
        </div>
        <div>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Expected ship date
          </Text>
          <Group gap={6}>
            {/* The badge says it; orange text on white is below AA contrast (4.3:1). */}
            <Text fw={700}>{formatDate(o.expectedShipDate)}</Text>
            {risk && (
              <Badge color="orange" variant="light" size="sm" data-testid="late-risk-badge">
                After the promise
              </Badge>
            )}
          </Group>
        </div>
        {o.shippedAt && (
          <div>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              Shipped
            </Text>
            <Text fw={700}>{formatDateTime(o.shippedAt)}</Text>
          </div>
        )}
        {o.deliveredAt && (
          <div>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              Delivered
            </Text>
            <Text fw={700}>{formatDateTime(o.deliveredAt)}</Text>
          </div>
        )}
      </Group>
    </Paper>
  );
}

function OrderLines({ order: o }: { order: OrderDetail }) {
  if (o.lines.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No lines on this order; its amount was entered as a total.
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table verticalSpacing={4} data-testid="order-lines">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>SKU</Table.Th>
            <Table.Th>Description</Table.Th>
            <Table.Th ta="right">Quantity</Table.Th>
            <Table.Th ta="right">Unit price</Table.Th>
            <Table.Th ta="right">Line total</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[...o.lines]
            .sort((a, b) => a.position - b.position)
            .map((l) => (
              <Table.Tr key={l.id}>
                <Table.Td>{l.sku ?? '—'}</Table.Td>
                <Table.Td>{l.description ?? '—'}</Table.Td>
                <Table.Td ta="right">{l.quantity}</Table.Td>
                <Table.Td ta="right" ff="monospace">
                  {formatMoney(l.unitPrice, o.currency)}
                </Table.Td>
                <Table.Td ta="right" ff="monospace">
                  {formatMoney(l.lineAmount, o.currency)}
                </Table.Td>
              </Table.Tr>
            ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
