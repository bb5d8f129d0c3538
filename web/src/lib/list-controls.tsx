// The pieces every list shares (docs/ux.md "Lists"): a search box `/` can focus, sortable headers, and
// cursor paging whose stack of earlier cursors lives in the URL, so a link reproduces the page.
import { Button, Group, Table, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useEffect, useState, type ReactNode } from 'react';
import { ApiError } from './api';

/** A search box bound to a URL value; typing updates the URL after a short pause. */
export function SearchInput({
  value,
  onChange,
  label,
  placeholder,
}: {
  value: string;
  onChange: (q: string) => void;
  label: string;
  placeholder?: string;
}) {
  const [text, setText] = useState(value);
  const commit = useDebouncedCallback((q: string) => onChange(q.trim()), 300);
  // Back/forward or a link changes the URL: show what it says.
  useEffect(() => setText(value), [value]);
  return (
    <TextInput
      data-search
      label={label}
      placeholder={placeholder}
      value={text}
      onChange={(e) => {
        setText(e.currentTarget.value);
        commit(e.currentTarget.value);
      }}
      rightSection={
        <Text size="xs" c="dimmed" aria-hidden>
          /
        </Text>
      }
      w={{ base: '100%', sm: 280 }}
    />
  );
}

/** A column header that sorts: `name` ascending, `-name` descending; aria-sort says which. */
export function SortableTh({
  field,
  sort,
  onSort,
  children,
  align,
}: {
  field: string;
  sort: string;
  onSort: (s: string) => void;
  children: ReactNode;
  align?: 'left' | 'right';
}) {
  const isAsc = sort === field;
  const isDesc = sort === `-${field}`;
  const label = typeof children === 'string' ? children : field;
  return (
    <Table.Th aria-sort={isAsc ? 'ascending' : isDesc ? 'descending' : 'none'} style={{ textAlign: align }}>
      <UnstyledButton
        onClick={() => onSort(isAsc ? `-${field}` : field)}
        aria-label={`Sort by ${label}${isAsc ? ', now ascending' : isDesc ? ', now descending' : ''}`}
        fw={600}
        fz="sm"
        style={{ display: 'inline-flex', gap: 4, alignItems: 'center' }}
      >
        {children}
        <Text span size="xs" c={isAsc || isDesc ? undefined : 'dimmed'} aria-hidden>
          {isAsc ? '▲' : isDesc ? '▼' : '↕'}
        </Text>
      </UnstyledButton>
    </Table.Th>
  );
}

// The first page has no cursor; in the stack it is written `0`, which no cursor (base64url JSON) can be.
const FIRST = '0';

export interface CursorPaging {
  cursor: string | undefined;
  page: number;
  hasPrevious: boolean;
  next: (nextCursor: string) => void;
  previous: () => void;
}

/** Cursor paging over URL state with `cursor` (this page) and `prev` (the pages before, `.`-joined). */
export function useCursorPaging(
  state: { cursor?: string; prev?: string },
  update: (patch: { cursor: string | null; prev: string | null }) => void,
): CursorPaging {
  const stack = state.prev ? state.prev.split('.') : [];
  return {
    cursor: state.cursor,
    page: stack.length + 1,
    hasPrevious: stack.length > 0,
    next: (nextCursor) => update({ cursor: nextCursor, prev: [...stack, state.cursor ?? FIRST].join('.') }),
    previous: () => {
      const before = stack.slice(0, -1);
      const back = stack[stack.length - 1];
      update({ cursor: !back || back === FIRST ? null : back, prev: before.length ? before.join('.') : null });
    },
  };
}

/** Previous/Next. While another view is loading (`isBusy`), Next waits: its cursor belongs to the old view. */
export function Pager({
  paging,
  nextCursor,
  shown,
  isBusy,
}: {
  paging: CursorPaging;
  nextCursor: string | null | undefined;
  shown: number;
  isBusy?: boolean;
}) {
  if (!paging.hasPrevious && !nextCursor) return null;
  return (
    <Group justify="space-between" mt="sm">
      <Text size="sm" c="dimmed">
        Page {paging.page} · {shown} shown
      </Text>
      <Group gap="xs">
        <Button variant="default" size="xs" disabled={!paging.hasPrevious} onClick={paging.previous}>
          ← Previous
        </Button>
        <Button variant="default" size="xs" disabled={!nextCursor || isBusy} onClick={() => nextCursor && paging.next(nextCursor)}>
          Next →
        </Button>
      </Group>
    </Group>
  );
}

/** One row across the table for loading, empty and error states, so the table keeps its shape. */
/** A list that failed to load; a stale page link (a cursor from another sort) offers the first page. */
export function ListError({ what, error, onFirstPage }: { what: string; error: Error; onFirstPage: () => void }) {
  if (error instanceof ApiError && error.code === 'pagination.bad_cursor') {
    return (
      <Group gap="sm">
        <Text size="sm">This page link no longer matches the list’s order.</Text>
        <Button size="xs" variant="light" onClick={onFirstPage}>
          Go to the first page
        </Button>
      </Group>
    );
  }
  return (
    <Text c="red" size="sm">
      Could not load {what}: {error.message}
    </Text>
  );
}
