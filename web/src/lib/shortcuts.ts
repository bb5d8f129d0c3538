// Keyboard habits (docs/ux.md): `/` focuses search, `g d` My day, `g a` accounts, `g o` orders,
// `g q` quotes, `g p` playbooks; `?` lists them (shortcuts-help.tsx, loaded when first asked for). Keys typed into a field
// are the field's.
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';

const GO_TO: Record<string, { to: string; label: string }> = {
  d: { to: '/', label: 'My day' },
  a: { to: '/accounts', label: 'Accounts' },
  o: { to: '/orders', label: 'Orders' },
  q: { to: '/quotes', label: 'Quotes' },
  p: { to: '/playbooks', label: 'Playbooks' },
};

export const SHORTCUTS: { keys: string[]; what: string }[] = [
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
