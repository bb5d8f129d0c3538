import { Anchor, Button, Chip, Group, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { Link, useNavigate } from 'react-router';
import { ACCOUNT_SORTS, AccountKindSchema, AccountStatusSchema, type Account } from '../../../../contract/accounts';
import { formatDate, formatMoney, formatWhen } from '../../lib/format';
import { ListError, Pager, SearchInput, SortableTh, useCursorPaging } from '../../lib/list-controls';
import { TableMessage } from '../../lib/table-message';
import { useSession } from '../../lib/session';
import { oneOf, useUrlState } from '../../lib/use-url-state';
import { KindFilter, StatusFilter, TierFilter } from './accounts-filters';
import { ACCOUNT_KIND_LABELS, AccountStatusBadge } from './accounts-labels';
import { useAccounts } from './api';

const KEYS = ['q', 'kind', 'status', 'tier', 'mine', 'sort', 'cursor', 'prev'] as const;
const COLS = 7;
const PAGE_SIZE = 25;

function TeamNames({ team }: { team: Account['team'] }) {
  if (team.length === 0)
    return (
      <Text span size="sm" c="dimmed">
        No team
      </Text>
    );
  const names = team.map((m) => m.name);
  const shown = names.slice(0, 2).join(', ');
  return names.length > 2 ? (
    <Tooltip label={names.join(', ')}>
      <Text span size="sm">
        {shown} +{names.length - 2}
      </Text>
    </Tooltip>
  ) : (
    <Text span size="sm">
      {shown}
    </Text>
  );
}

export function AccountsPage() {
  const navigate = useNavigate();
  const { user } = useSession();
  const [state, update] = useUrlState(KEYS);
  const paging = useCursorPaging(state, update);
  const sort = oneOf(ACCOUNT_SORTS, state.sort) ?? 'name';
  const query = {
    q: state.q,
    kind: oneOf(AccountKindSchema.options, state.kind),
    status: oneOf(AccountStatusSchema.options, state.status),
    tier: state.tier,
    teamUserId: state.mine ? user?.id : undefined,
    sort,
    cursor: state.cursor,
    limit: PAGE_SIZE,
  };
  const accounts = useAccounts(query, { keepPrevious: true });
  const items = accounts.data?.items ?? [];
  const isFiltered = Boolean(state.q || state.kind || state.status || state.tier || state.mine);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} fz="h2">
            Accounts
          </Title>
          <Text c="dimmed" size="sm">
            Customers, prospects and suppliers, and the team that looks after each.
          </Text>
        </div>
        <Button component={Link} to="/accounts/new">
          New account
        </Button>
      </Group>

      <Group gap="lg" align="flex-end" wrap="wrap">
        <SearchInput
          label="Search accounts"
          placeholder="Name, ERP ref, city or country"
          value={state.q ?? ''}
          onChange={(q) => update({ q })}
        />
        <KindFilter value={state.kind} onChange={(kind) => update({ kind })} />
        <StatusFilter value={state.status} onChange={(status) => update({ status })} />
        <TierFilter value={state.tier} onChange={(tier) => update({ tier })} />
        <Chip size="xs" checked={Boolean(state.mine)} onChange={(on) => update({ mine: on ? '1' : null })} mb={4}>
          Only my accounts
        </Chip>
        {isFiltered && (
          <Button variant="subtle" size="xs" mb={2} onClick={() => update({ q: null, kind: null, status: null, tier: null, mine: null })}>
            Clear filters
          </Button>
        )}
      </Group>

      <Table.ScrollContainer minWidth={860}>
        <Table striped highlightOnHover verticalSpacing={6} aria-busy={accounts.isFetching} aria-label="Accounts">
          <Table.Thead>
            <Table.Tr>
              <SortableTh field="name" sort={sort} onSort={(s) => update({ sort: s })}>
                Name
              </SortableTh>
              <Table.Th>Status</Table.Th>
              <Table.Th>Tier</Table.Th>
              <Table.Th>Team</Table.Th>
              <SortableTh field="lastOrderAt" sort={sort} onSort={(s) => update({ sort: s })}>
                Last order
              </SortableTh>
              <SortableTh field="potentialAnnualSpend" sort={sort} onSort={(s) => update({ sort: s })} align="right">
                Potential / year
              </SortableTh>
              <SortableTh field="createdAt" sort={sort} onSort={(s) => update({ sort: s })}>
                Created
              </SortableTh>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {accounts.isLoading && <TableMessage colSpan={COLS}>Loading accounts…</TableMessage>}
            {accounts.isError && (
              <TableMessage colSpan={COLS}>
                <ListError what="accounts" error={accounts.error} onFirstPage={() => update({ cursor: null, prev: null })} />
              </TableMessage>
            )}
            {accounts.isSuccess && items.length === 0 && (
              <TableMessage colSpan={COLS}>
                {isFiltered ? (
                  <Text c="dimmed">No account matches these filters.</Text>
                ) : (
                  <Text c="dimmed">
                    No accounts yet.{' '}
                    <Anchor component={Link} to="/accounts/new">
                      Add the first one
                    </Anchor>
                    , or import your customers with <code>npx rapport import accounts customers.csv</code>.
                  </Text>
                )}
              </TableMessage>
            )}
            {items.map((a) => (
              <Table.Tr key={a.id} onClick={() => void navigate(`/accounts/${a.id}`)} style={{ cursor: 'pointer' }}>
                <Table.Td>
                  <Anchor component={Link} to={`/accounts/${a.id}`} fw={500} size="sm" onClick={(e) => e.stopPropagation()}>
                    {a.name}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {[ACCOUNT_KIND_LABELS[a.kind], a.externalRef, [a.city, a.country].filter(Boolean).join(', ')]
                      .filter(Boolean)
                      .join(' · ')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <AccountStatusBadge status={a.status} />
                  {a.attention && (
                    <Text size="xs" c="dimmed" maw={260} data-testid="account-attention">
                      {a.attention.explanation}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {a.tier ?? (
                    <Text span c="dimmed">
                      —
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <TeamNames team={a.team} />
                </Table.Td>
                <Table.Td title={a.lastOrderAt ? formatDate(a.lastOrderAt) : undefined}>
                  {a.lastOrderAt ? (
                    <Text span size="sm">
                      {formatWhen(a.lastOrderAt)}
                    </Text>
                  ) : (
                    <Text span size="sm" c="dimmed">
                      No orders
                    </Text>
                  )}
                </Table.Td>
                <Table.Td style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                  {a.potentialAnnualSpend ? (
                    formatMoney(a.potentialAnnualSpend, a.currency)
                  ) : (
                    <Text span c="dimmed">
                      —
                    </Text>
                  )}
                  {a.isAuditionAccount && (
                    <Tooltip label="Big enough that its first order gets the full paid audition">
                      <Text span c="grape" ml={4} aria-label="audition account">
                        ★
                      </Text>
                    </Tooltip>
                  )}
                </Table.Td>
                <Table.Td>{formatDate(a.createdAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Pager paging={paging} nextCursor={accounts.data?.nextCursor} isBusy={accounts.isPlaceholderData} shown={items.length} />
    </Stack>
  );
}
