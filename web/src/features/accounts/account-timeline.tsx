import { Alert, Anchor, Badge, Button, Group, Loader, Stack, Text, Timeline } from '@mantine/core';
import { Link } from 'react-router';
import { ACTIVITY_KIND_LABELS, type TimelineItem } from '../../../../contract/activities';
import { formatDateTime, formatWhen } from '../../lib/format';
import { useTimeline } from './api';

const KIND_LABELS: Record<string, string> = {
  ...ACTIVITY_KIND_LABELS,
  message: 'Message',
  survey_answer: 'Survey',
};
const KIND_COLORS: Record<string, string> = { activity: 'blue', order: 'indigo', quote: 'teal' };

function kindLabel(i: TimelineItem): string {
  if (i.source === 'order') return 'Order';
  if (i.source === 'quote') return 'Quote';
  return KIND_LABELS[i.type] ?? i.type.replace(/_/g, ' ');
}

/** Everything that happened with the account, newest first, paged. */
export function AccountTimeline({ accountId, timeZone }: { accountId: string; timeZone?: string | null }) {
  const q = useTimeline(accountId);
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  if (q.isLoading) return <Loader size="sm" aria-label="Loading timeline" />;
  if (q.isError)
    return (
      <Alert color="red" title="Could not load the timeline">
        {q.error.message}
      </Alert>
    );
  if (items.length === 0)
    return (
      <Text size="sm" c="dimmed">
        Nothing yet. Log the first call or note above; orders and quotes appear here by themselves.
      </Text>
    );
  return (
    <Stack gap="sm">
      <Timeline bulletSize={14} lineWidth={1} active={items.length} data-testid="account-timeline">
        {items.map((i) => (
          <Timeline.Item
            key={`${i.source}-${i.id}`}
            color={i.isFirstOrder ? 'grape' : KIND_COLORS[i.source]}
            data-testid="timeline-item"
            data-source={i.source}
            data-first-order={i.isFirstOrder || undefined}
            title={
              <Group gap={6} wrap="nowrap">
                <Badge size="xs" variant="light" color={KIND_COLORS[i.source] ?? 'gray'}>
                  {kindLabel(i)}
                </Badge>
                <Text size="sm" fw={600} lineClamp={1}>
                  {i.title}
                </Text>
                {i.isFirstOrder && (
                  <Badge size="xs" color="grape" variant="filled" data-testid="timeline-first-order">
                    First order
                  </Badge>
                )}
              </Group>
            }
          >
            {i.detail && (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} lineClamp={4}>
                {i.detail}
              </Text>
            )}
            <Group gap={6}>
              <Text size="xs" c="dimmed" title={formatDateTime(i.at, timeZone)}>
                {i.actor?.name ?? 'System'} · {formatWhen(i.at)}
              </Text>
              {i.orderId && i.orderNumber && (
                <Anchor component={Link} to={`/orders/${i.orderId}`} size="xs">
                  Order {i.orderNumber}
                </Anchor>
              )}
              {i.quoteNumber && (
                <Text size="xs" c="dimmed">
                  Quote {i.quoteNumber}
                </Text>
              )}
            </Group>
          </Timeline.Item>
        ))}
      </Timeline>
      {q.hasNextPage && (
        <Group>
          <Button
            variant="default"
            size="xs"
            onClick={() => void q.fetchNextPage()}
            loading={q.isFetchingNextPage}
            data-testid="timeline-load-more"
          >
            Load more
          </Button>
        </Group>
      )}
    </Stack>
  );
}
