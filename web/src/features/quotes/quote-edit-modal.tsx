import { Alert, Button, Group, Modal, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '../../lib/notify';
import { useState } from 'react';
import { QuoteEntity, UpdateQuoteSchema, type Quote } from '../../../../contract/quotes';
import { StaffSelect } from '../../components/staff-select';
import { wordsOf } from '../../lib/entity-form';
import { applyServerErrors, asYouType, zodValidate } from '../../lib/zod-form';
import { useDecideQuote } from './api';
import { fromQuote, QUOTE_EDIT_FIELDS, quotePatch, type QuoteEditValues } from './quote-form-model';

/** Change a sent quote: its amount, validity, rep and ERP reference; the PATCH carries only what changed. */
export function QuoteEditModal({ quote, opened, onClose }: { quote: Quote; opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title={`Edit quote ${quote.number}`} size="lg">
      {opened && <QuoteEditForm quote={quote} onClose={onClose} />}
    </Modal>
  );
}

function QuoteEditForm({ quote, onClose }: { quote: Quote; onClose: () => void }) {
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<QuoteEditValues>({
    mode: 'controlled',
    initialValues: fromQuote(quote),
    validate: zodValidate(UpdateQuoteSchema, (v: QuoteEditValues) => quotePatch(quote, v)),
    ...asYouType,
  });
  // The same PATCH as deciding it: one hook refreshes the quote, its page and its account's timeline.
  const save = useDecideQuote(quote);
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((v) => {
        setFailure(null);
        const body = UpdateQuoteSchema.parse(quotePatch(quote, v));
        if (Object.keys(body).length === 0) return onClose();
        return save.mutateAsync(body).then(
          () => {
            notifications.show({ color: 'green', message: `Quote ${quote.number} saved` });
            onClose();
          },
          (err) => setFailure(applyServerErrors(form, err, QUOTE_EDIT_FIELDS)),
        );
      })}
      data-testid="quote-edit-form"
    >
      <Stack gap="sm">
        {failure && (
          <Alert color="red" title="The quote was not saved">
            {failure}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            {...wordsOf(QuoteEntity, 'amount')}
            required
            inputMode="decimal"
            rightSection={
              <Text size="xs" c="dimmed">
                {quote.currency}
              </Text>
            }
            rightSectionWidth={42}
            {...form.getInputProps('amount')}
            data-testid="quote-edit-amount"
          />
          <TextInput {...wordsOf(QuoteEntity, 'validUntil')} type="date" {...form.getInputProps('validUntil')} />
          <StaffSelect {...wordsOf(QuoteEntity, 'repId')} placeholder="Pick a rep" {...form.getInputProps('repId')} />
          <TextInput {...wordsOf(QuoteEntity, 'externalRef')} {...form.getInputProps('externalRef')} />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="save-quote">
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
