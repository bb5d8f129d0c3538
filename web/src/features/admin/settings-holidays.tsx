import { ActionIcon, Button, Group, Input, Stack, Text, TextInput } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { DateSchema } from '../../../../contract/common';
import { formatDate } from '../../lib/format';
import { sentence } from '../../lib/zod-form';

/** Holidays as YYYY-MM-DD dates, added with a plain date input and removed one by one. */
export function HolidaysField({ value, onChange, error }: { value: string[]; onChange: (days: string[]) => void; error?: ReactNode }) {
  const [draft, setDraft] = useState('');
  const [draftError, setDraftError] = useState<string | null>(null);
  const add = () => {
    const parsed = DateSchema.safeParse(draft);
    if (!parsed.success) {
      setDraftError(sentence(parsed.error.issues[0]?.message ?? 'must be a date YYYY-MM-DD'));
      return;
    }
    if (value.includes(draft)) {
      setDraftError('That day is already a holiday');
      return;
    }
    onChange([...value, draft].sort());
    setDraft('');
    setDraftError(null);
  };
  return (
    <Input.Wrapper label="Holidays" description="Days off besides the weekly ones; due dates skip them." error={error}>
      <Stack gap="xs" mt={6}>
        <Group gap="xs" align="flex-start">
          <TextInput
            type="date"
            aria-label="Holiday to add"
            value={draft}
            onChange={(e) => {
              setDraft(e.currentTarget.value);
              setDraftError(null);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                add();
              }
            }}
            error={draftError}
            w={200}
          />
          <Button variant="light" onClick={add}>
            Add holiday
          </Button>
        </Group>
        {value.length === 0 && (
          <Text size="sm" c="dimmed">
            No holidays yet.
          </Text>
        )}
        <Group gap="xs">
          {value.map((day) => (
            <Group key={day} gap={4} px="xs" py={2} bd="1px solid var(--mantine-color-gray-3)" style={{ borderRadius: 4 }}>
              <Text size="sm">
                {formatDate(day)}{' '}
                <Text span c="dimmed" size="xs">
                  ({day})
                </Text>
              </Text>
              <ActionIcon
                size="sm"
                variant="subtle"
                color="gray"
                aria-label={`Remove holiday ${formatDate(day)}`}
                onClick={() => onChange(value.filter((d) => d !== day))}
              >
                ×
              </ActionIcon>
            </Group>
          ))}
        </Group>
      </Stack>
    </Input.Wrapper>
  );
}
