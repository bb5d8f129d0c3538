import { Chip, Group, Input, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { AccountKindSchema, AccountStatusSchema } from '../../../../contract/accounts';
import { ACCOUNT_KIND_LABELS, ACCOUNT_STATUS } from './accounts-labels';

/** One-choice chips: clicking the chosen one again clears the filter. */
function ChipFilter({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string | undefined;
  options: { value: string; label: string }[];
  onChange: (v: string | null) => void;
}) {
  return (
    <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
      <Input.Label component="legend" p={0}>
        {label}
      </Input.Label>
      <Group gap={6} mt={6}>
        {options.map((o) => (
          <Chip key={o.value} size="xs" checked={value === o.value} onChange={() => onChange(value === o.value ? null : o.value)}>
            {o.label}
          </Chip>
        ))}
      </Group>
    </fieldset>
  );
}

export function KindFilter({ value, onChange }: { value: string | undefined; onChange: (v: string | null) => void }) {
  return (
    <ChipFilter
      label="Kind"
      value={value}
      onChange={onChange}
      options={AccountKindSchema.options.map((k) => ({ value: k, label: ACCOUNT_KIND_LABELS[k] }))}
    />
  );
}

export function StatusFilter({ value, onChange }: { value: string | undefined; onChange: (v: string | null) => void }) {
  return (
    <ChipFilter
      label="Status"
      value={value}
      onChange={onChange}
      options={AccountStatusSchema.options.map((s) => ({ value: s, label: ACCOUNT_STATUS[s].label }))}
    />
  );
}

/** Tiers are the company's own words (A, Gold, Key…), so a short text box, matched exactly. */
export function TierFilter({ value, onChange }: { value: string | undefined; onChange: (v: string) => void }) {
  const [text, setText] = useState(value ?? '');
  const commit = useDebouncedCallback((t: string) => onChange(t.trim()), 400);
  useEffect(() => setText(value ?? ''), [value]);
  return (
    <TextInput
      label="Tier"
      placeholder="Any"
      w={90}
      value={text}
      onChange={(e) => {
        setText(e.currentTarget.value);
        commit(e.currentTarget.value);
      }}
    />
  );
}
