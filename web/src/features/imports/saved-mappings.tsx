// Saved mappings on the import page's mapping step: pick one to map the columns as last time, or
// save this one under a name for the next export of the same shape (docs/imports.md, "Saved
// mappings"). The command line takes the same name: `rapport import KIND FILE --map NAME`.
import { Button, Code, Group, Select, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { MAPPING_NAME_MAX, type SavedMapping } from '../../../../contract/imports';
import { ApiError } from '../../lib/api';
import { invalidate } from '../../lib/query';
import { forgetMapping, importKeys, saveMapping, useSavedMappings } from './api';
import type { ImportKind, MappingDoc } from './fields';

interface Props {
  kind: ImportKind;
  fileName: string;
  /** The mapping as the page has it now. */
  currentDoc: () => MappingDoc;
  /** Apply a saved mapping's document (as text, read like a loaded file); `source` names it in the note. */
  onLoad: (source: string, text: string) => void;
  /** The name this mapping is saved (or to be saved) under: the page keeps it across its steps. */
  name: string;
  onNameChange: (name: string) => void;
}

export function SavedMappings({ kind, fileName, currentDoc, onLoad, name, onNameChange: setName }: Props) {
  const qc = useQueryClient();
  const saved = useSavedMappings(kind);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const items = saved.data ?? [];
  // The saved mapping of the name given, if there is one: picked, just saved, or typed.
  const chosen = items.find((m) => m.name === name.trim()) ?? null;

  async function save() {
    setBusy(true);
    setError(null);
    try {
      const existed = items.some((m) => m.name === name.trim());
      const m = await saveMapping(kind, name.trim(), currentDoc());
      await invalidate(qc, importKeys.mappings(kind));
      setNote(`${existed ? 'Replaced' : 'Saved'} “${m.name}”.`);
    } catch (err) {
      const fieldError = err instanceof ApiError ? (err.problem.errors ?? [])[0] : undefined;
      setError(fieldError ? `${String(fieldError.path)} ${String(fieldError.message)}` : (err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  async function forget(m: SavedMapping) {
    setBusy(true);
    try {
      await forgetMapping(m.id);
      await invalidate(qc, importKeys.mappings(kind));
      setName('');
      setNote(`Forgot “${m.name}”.`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div data-testid="saved-mappings">
      <Group gap="sm" align="flex-end">
        <Select
          label="Use a saved mapping"
          size="xs"
          w={260}
          placeholder={items.length === 0 ? 'None saved yet' : 'Pick one'}
          disabled={items.length === 0}
          data={items.map((m) => ({ value: m.id, label: m.name }))}
          value={chosen?.id ?? null}
          onChange={(id) => {
            const m = items.find((x) => x.id === id) ?? null;
            setNote(null);
            if (m) {
              setName(m.name);
              onLoad(`the saved mapping “${m.name}”`, JSON.stringify(m.mapping));
            }
          }}
          data-testid="saved-mapping-select"
        />
        {chosen && (
          <Button size="xs" variant="subtle" color="red" disabled={busy} onClick={() => void forget(chosen)} data-testid="forget-mapping">
            Forget “{chosen.name}”
          </Button>
        )}
        <TextInput
          label="Save this mapping as"
          size="xs"
          w={220}
          maxLength={MAPPING_NAME_MAX}
          placeholder="e.g. ERP sales export"
          value={name}
          error={error}
          onChange={(e) => {
            setName(e.currentTarget.value);
            setError(null);
          }}
          data-testid="mapping-name"
        />
        <Button
          size="xs"
          variant="default"
          disabled={busy || name.trim() === ''}
          onClick={() => void save()}
          data-testid="save-named-mapping"
        >
          {items.some((m) => m.name === name.trim()) ? 'Replace' : 'Save'}
        </Button>
      </Group>
      {note && (
        <Text size="xs" mt={4} role="status" data-testid="saved-mapping-note">
          {note} Next time pick it here, or:{' '}
          <Code>
            rapport import {kind} {fileName} --map "{chosen?.name ?? name.trim()}"
          </Code>
        </Text>
      )}
    </div>
  );
}
