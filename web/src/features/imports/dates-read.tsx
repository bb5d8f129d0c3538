// Beside "Dates in the file": how the file's dates read with the chosen format — three examples —
// and the format the values themselves suggest (a day above 12 settles it). When they read two
// ways, it asks; it never picks for the user (docs/imports.md, "Dates").
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { DateTime } from 'luxon';
import { useMemo } from 'react';
import { luxonDateFormat } from '../../../../contract/date-formats';
import { readDate, suggestDateFormat } from '../../../../contract/date-reading';

function readAs(value: string, format: string): string | null {
  const luxon = format ? luxonDateFormat(format) : null;
  const dt = luxon ? readDate(value, luxon, 'UTC') : DateTime.fromISO(value.trim(), { zone: 'UTC' });
  if (!dt?.isValid) return null;
  const hasTime = dt.hour !== 0 || dt.minute !== 0;
  return dt.setLocale('en-GB').toFormat(hasTime ? 'd LLLL yyyy, HH:mm' : 'd LLLL yyyy');
}

export function DatesRead({ values, format, onSuggest }: { values: string[]; format: string; onSuggest: (format: string) => void }) {
  const suggestion = useMemo(() => suggestDateFormat(values), [values]);
  const examples = useMemo(() => [...new Set(values.map((v) => v.trim()).filter((v) => v !== ''))].slice(0, 3), [values]);
  if (examples.length === 0) return null;
  const isChosenRight = suggestion.isIso ? format === '' : suggestion.candidates.includes(format);
  return (
    <Stack gap={4} data-testid="dates-read">
      {
        <Text size="sm">
          {examples.map((v, i) => {
            const read = readAs(v, format);
            return (
              <Text span key={v} c={read ? undefined : 'red'}>
                {i > 0 && ' · '}
                {v} → {read ?? 'not a date in this format'}
              </Text>
            );
          })}
        </Text>
      }
      {!isChosenRight && suggestion.format && (
        <Alert color="blue" p="xs">
          <Group gap="xs">
            <Text size="sm">These dates look like {suggestion.format}.</Text>
            <Button size="compact-sm" variant="light" onClick={() => onSuggest(suggestion.format!)}>
              Use {suggestion.format}
            </Button>
          </Group>
        </Alert>
      )}
      {!isChosenRight && !suggestion.format && suggestion.candidates.length > 1 && (
        <Alert color="yellow" p="xs" title="These dates read more than one way">
          <Text size="sm">
            {examples[0]} is {suggestion.candidates.map((c) => `${readAs(examples[0]!, c) ?? '—'} as ${c}`).join(', or ')}. Which does your
            system write?
          </Text>
          <Group gap="xs" mt={4}>
            {suggestion.candidates.map((c) => (
              <Button key={c} size="compact-sm" variant="light" onClick={() => onSuggest(c)}>
                {c}
              </Button>
            ))}
          </Group>
        </Alert>
      )}
    </Stack>
  );
}
