// Keyboard habits (docs/ux.md): `/` focuses search, `g d` My day, `g a` accounts, `g o` orders,
// `g q` quotes, `g p` playbooks; `?` lists them. Keys typed into a field are the field's.
import { Group, Kbd, Modal, Table, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';

const GO_TO: Record<string, { to: string; label: string }> = {
  d: { to: '/', label: 'My day' },
  a: { to: '/accounts', label: 'Accounts' },
  o: { to: '/orders', label: 'Orders' },
  q: { to: '/quotes', label: 'Quotes' },
  p: { to: '/playbooks', label: 'Playbooks' },
};

const LIST: { keys: string[]; what: string }[] = [
  { keys: ['/'], what: 'Search this list' },
  ...Object.entries(GO_TO).map(([key, { label }]) => ({ keys: ['g', key], what: `Go to ${label}` })),
  { keys: ['?'], what: 'Show these shortcuts' },
  { keys: ['Esc'], what: 'Close a dialog' },
];

function isTyping(target: EventTarget | null): boolean {
  const t = target as HTMLElement | null;
  return !!t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
}

/** Installs the shortcuts; returns whether the `?` list is open and how to close it. */
export function useShortcuts(): { isHelpOpen: boolean; openHelp: () => void; closeHelp: () => void } {
  const navigate = useNavigate();
  const [isHelpOpen, setHelpOpen] = useState(false);
  useEffect(() => {
    let pendingG = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.metaKey || e.ctrlKey || e.altKey) return;
      if (e.key === '?') {
        e.preventDefault();
        setHelpOpen(true);
        return;
      }
      if (e.key === '/') {
        const search = document.querySelector<HTMLInputElement>('[data-search]');
        if (search) {
          e.preventDefault();
          search.focus();
        }
        return;
      }
      if (pendingG) {
        pendingG = false;
        const target = GO_TO[e.key];
        if (target) void navigate(target.to);
        return;
      }
      if (e.key === 'g') {
        pendingG = true;
        clearTimeout(timer);
        timer = setTimeout(() => (pendingG = false), 1000);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('keydown', onKey);
    };
  }, [navigate]);
  return { isHelpOpen, openHelp: () => setHelpOpen(true), closeHelp: () => setHelpOpen(false) };
}

export function ShortcutsHelp({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts">
      <Table>
        <Table.Tbody>
          {LIST.map((s) => (
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
