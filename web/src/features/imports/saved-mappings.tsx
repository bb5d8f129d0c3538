// Saved mappings on the import page's mapping step: at its top, pick one to map the columns as
// last time; at its foot, save this one under a name for the next export of the same shape
// (docs/imports.md, "Saved mappings"). The command line takes the same name:
// `rapport import KIND FILE --map NAME`.
import { Button, Code, Group, Select, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { MAPPING_NAME_MAX } from '../../../../contract/imports';
import { ApiError } from '../../lib/api';
import { invalidate } from '../../lib/query';
import { forgetMapping, importKeys, saveMapping, useSavedMappings } from './api';
import type { ImportKind, MappingDoc } from './fields';

interface Common {
  kind: ImportKind;
  /** The name this mapping is saved (or to be saved) under: the page keeps it across its steps. */
  name: string;
  onNameChange: (name: string) => void;
}

/** The kind's saved mappings, and the one of the name given (picked, just saved, or typed). */
function useNamedMapping(kind: ImportKind, name: string) {
  const qc = useQueryClient();
  const items = useSavedMappings(kind).data ?? [];
  return {
    items,
    chosen: items.find((m) => m.name === name.trim()) ?? null,
    refresh: () => invalidate(qc, importKeys.mappings(kind)),
  };
}

/** Top of the mapping step: apply a saved mapping (its document, read like a loaded file), or forget one. */
export function PickSavedMapping({
  kind,
  name,
  onNameChange,
  onLoad,
}: Common & { onLoad: (source: string, text: string) => Promise<void> }) {
  const { items, chosen, refresh } = useNamedMapping(kind, name);
  const [busy, setBusy] = useState(false);
  if (items.length === 0) return null;
  return (
    <Group gap="sm" align="flex-end" data-testid="saved-mappings">
      <Select
        label="Use a saved mapping"
        size="xs"
        w={280}
        placeholder="Pick one"
        data={items.map((m) => ({ value: m.id, label: m.name }))}
        value={chosen?.id ?? null}
        onChange={(id) => {
          const m = items.find((x) => x.id === id);
          if (!m) return;
          onNameChange(m.name);
          void onLoad(`the saved mapping “${m.name}”`, JSON.stringify(m.mapping));
        }}
        data-testid="saved-mapping-select"
      />
      {chosen && (
        <Button
          size="xs"
          variant="subtle"
          color="red"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void forgetMapping(chosen.id)
              .then(refresh)
              .then(() => onNameChange(''))
              .finally(() => setBusy(false));
          }}
          data-testid="forget-mapping"
        >
          Forget “{chosen.name}”
        </Button>
      )}
    </Group>
  );
}

/** Foot of the mapping step: save the mapping as the page has it under a name (a name the kind has is replaced). */
export function SaveMappingAs({
  kind,
  name,
  onNameChange,
  fileName,
  currentDoc,
}: Common & { fileName: string; currentDoc: () => MappingDoc }) {
  const { chosen, refresh } = useNamedMapping(kind, name);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function save() {
    setBusy(true);
    setError(null);
    try {
      const m = await saveMapping(kind, name.trim(), currentDoc());
      await refresh();
      setNote(`${chosen ? 'Replaced' : 'Saved'} “${m.name}”. Next time pick it at the top of this step, or:`);
    } catch (err) {
      const fieldError = err instanceof ApiError ? (err.problem.errors ?? [])[0] : undefined;
      setError(fieldError ? `${String(fieldError.path)} ${String(fieldError.message)}` : (err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div>
      <Group gap="sm" align="flex-end">
        <TextInput
          label="Save this mapping as"
          size="xs"
          w={280}
          maxLength={MAPPING_NAME_MAX}
          placeholder="e.g. ERP order export"
          value={name}
          error={error}
          onChange={(e) => {
            onNameChange(e.currentTarget.value);
            setError(null);
            setNote(null);
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
          {chosen ? 'Replace' : 'Save'}
        </Button>
      </Group>
      {note && (
        <Text size="xs" mt={4} role="status" data-testid="saved-mapping-note">
          {note}{' '}
          <Code>
            rapport import {kind} {fileName} --map "{name.trim()}"
          </Code>
        </Text>
      )}
    </div>
  );
}
