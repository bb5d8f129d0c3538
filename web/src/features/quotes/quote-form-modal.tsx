import { Alert, Button, Group, Modal, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '../../lib/notify';
import { useState } from 'react';
import { CreateQuoteSchema, QuoteEntity } from '../../../../contract/quotes';
import { wordsOf } from '../../lib/entity-form';
import { AccountSelect } from '../../components/account-select';
import { StaffSelect } from '../../components/staff-select';
import { ApiError } from '../../lib/api';
import { newIdempotencyKey } from '../../lib/idempotency';
import { useSession } from '../../lib/session';
import { applyServerErrors, asYouType, zodValidate } from '../../lib/zod-form';
import { useAccount } from '../accounts/api';
import { useCreateQuote } from './api';
import { emptyQuote, QUOTE_FORM_FIELDS, quoteFormErrors, toQuoteInput, type QuoteFormValues } from './quote-form-model';

export function QuoteFormModal({ opened, onClose, accountId }: { opened: boolean; onClose: () => void; accountId?: string }) {
  return (
    <Modal opened={opened} onClose={onClose} title="New quote" size="lg">
      {opened && <QuoteForm onClose={onClose} accountId={accountId} />}
    </Modal>
  );
}

function QuoteForm({ onClose, accountId }: { onClose: () => void; accountId?: string }) {
  const { user } = useSession();
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<QuoteFormValues>({
    mode: 'controlled',
    initialValues: emptyQuote({
      accountId: accountId ?? null,
      repId: user?.roles.includes('sales') ? user.id : null,
      today: new Date().toISOString().slice(0, 10),
    }),
    validate: zodValidate(CreateQuoteSchema, toQuoteInput, quoteFormErrors),
    ...asYouType,
  });
  const values = form.getValues();
  const account = useAccount(values.accountId, { staleTime: 60_000 });
  const currency = account.data?.currency ?? '';
  const create = useCreateQuote(idempotencyKey);
  return (
    <form
      onSubmit={form.onSubmit((v) => {
        setFailure(null);
        // Validated with this schema on submit; parsed, it is the typed body the API takes.
        return create.mutateAsync(CreateQuoteSchema.parse(toQuoteInput(v))).then(
          (q) => {
            notifications.show({ color: 'green', message: `Quote ${q.number} recorded` });
            onClose();
          },
          (err) => {
            setFailure(applyServerErrors(form, err, QUOTE_FORM_FIELDS));
            if (err instanceof ApiError && err.status < 500) setIdempotencyKey(newIdempotencyKey());
          },
        );
      })}
      noValidate
    >
      <Stack gap="sm">
        {failure && (
          <Alert color="red" title="The quote was not saved">
            {failure}
          </Alert>
        )}
        <AccountSelect
          label="Account"
          required
          value={values.accountId}
          onChange={(id) => form.setFieldValue('accountId', id)}
          error={form.errors.accountId}
          placeholder="Search accounts"
          disabled={Boolean(accountId)}
          data-testid="quote-account"
        />
        <SimpleGrid cols={2} spacing="sm">
          <TextInput {...wordsOf(QuoteEntity, 'number')} required {...form.getInputProps('number')} data-testid="quote-number" />
          <TextInput
            {...wordsOf(QuoteEntity, 'amount')}
            required
            inputMode="decimal"
            placeholder="0.00"
            rightSection={
              <Text size="xs" c="dimmed">
                {currency}
              </Text>
            }
            rightSectionWidth={42}
            {...form.getInputProps('amount')}
            data-testid="quote-amount"
          />
          <TextInput {...wordsOf(QuoteEntity, 'sentAt')} type="date" {...form.getInputProps('sentAt')} />
          <TextInput {...wordsOf(QuoteEntity, 'validUntil')} type="date" {...form.getInputProps('validUntil')} />
          <StaffSelect {...wordsOf(QuoteEntity, 'repId')} placeholder="Pick a rep" {...form.getInputProps('repId')} />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending} data-testid="create-quote">
            Record quote
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
