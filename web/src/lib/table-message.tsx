import { Table } from '@mantine/core';
import type { ReactNode } from 'react';

/** One row across the whole table: loading, empty, or what went wrong. */
export function TableMessage({ colSpan, children }: { colSpan: number; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Td colSpan={colSpan} py="lg">
        {children}
      </Table.Td>
    </Table.Tr>
  );
}
