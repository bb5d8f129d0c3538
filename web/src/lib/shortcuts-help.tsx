// The `?` list of keyboard shortcuts: a dialog loaded the first time it is opened, so the first
// screen does not carry a modal and a table it may never show.
import { Group, Kbd, Modal, Table, Text } from '@mantine/core';
import { SHORTCUTS } from './shortcuts';

export function ShortcutsHelp({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts">
      <Table>
        <Table.Tbody>
          {SHORTCUTS.map((s) => (
            <Table.Tr key={s.what}>
              <Table.Td w={110}>
                <Group gap={4}>
                  {s.keys.map((k, i) => (
                    <span key={k}>
                      {i > 0 && (
                        <Text span size="xs" c="dimmed" mr={4}>
                          then
                        </Text>
                      )}
                      <Kbd>{k}</Kbd>
                    </span>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td>{s.what}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}
