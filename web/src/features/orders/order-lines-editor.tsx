import { ActionIcon, Button, Group, NumberInput, Table, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { formatMoney } from '../../lib/format';
import { lineTotal } from './model';
import { emptyLine, type OrderLineFormValues } from './order-form-model';

/** Editable order lines with computed totals; field paths match the API's (`lines.0.unitPrice`). */
export function OrderLinesEditor<V extends { lines: OrderLineFormValues[] }>({
  form,
  currency,
}: {
  form: UseFormReturnType<V>;
  currency: string;
}) {
  const f = form as unknown as UseFormReturnType<{ lines: OrderLineFormValues[] }>;
  const lines = f.getValues().lines;
  return (
    <>
      {lines.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing={4} withRowBorders={false} data-testid="order-lines-editor">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={140}>SKU</Table.Th>
                <Table.Th>Description</Table.Th>
                <Table.Th w={110}>Quantity</Table.Th>
                <Table.Th w={140}>Unit price</Table.Th>
                <Table.Th w={130} ta="right">
                  Line total
                </Table.Th>
                <Table.Th w={40}>
                  <span
                    className="visually-hidden"
                    style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}
                  >
                    Remove
                  </span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {lines.map((line, i) => {
                const total = lineTotal(line.quantity, line.unitPrice);
                return (
                  <Table.Tr key={line.key} style={{ verticalAlign: 'top' }}>
                    <Table.Td>
                      <TextInput aria-label={`Line ${i + 1} SKU`} size="xs" {...f.getInputProps(`lines.${i}.sku`)} />
                    </Table.Td>
                    <Table.Td>
                      <TextInput aria-label={`Line ${i + 1} description`} size="xs" {...f.getInputProps(`lines.${i}.description`)} />
                    </Table.Td>
                    <Table.Td>
                      <NumberInput
                        aria-label={`Line ${i + 1} quantity`}
                        size="xs"
                        min={0}
                        hideControls
                        {...f.getInputProps(`lines.${i}.quantity`)}
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        aria-label={`Line ${i + 1} unit price`}
                        size="xs"
                        inputMode="decimal"
                        placeholder="0.00"
                        rightSection={
                          <Text size="xs" c="dimmed">
                            {currency}
                          </Text>
                        }
                        rightSectionWidth={42}
                        {...f.getInputProps(`lines.${i}.unitPrice`)}
                      />
                    </Table.Td>
                    <Table.Td ta="right">
                      <Text size="sm" ff="monospace" pt={4} data-testid={`line-total-${i}`}>
                        {total === null ? '—' : formatMoney(total, currency)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={`Remove line ${i + 1}`}
                        onClick={() => f.removeListItem('lines', i)}
                      >
                        ×
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Group>
        <Button variant="default" size="xs" onClick={() => f.insertListItem('lines', emptyLine())} data-testid="add-line">
          Add line
        </Button>
        {lines.length === 0 && (
          <Text size="sm" c="dimmed">
            No lines: the order's amount is entered by hand below.
          </Text>
        )}
      </Group>
    </>
  );
}
