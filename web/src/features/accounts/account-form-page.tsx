import { Alert, Anchor, Button, Group, Loader, Paper, Radio, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '../../lib/notify';
import { useMemo, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { AccountEntity, AccountKindSchema, CreateAccountSchema, UpdateAccountSchema, type Account } from '../../../../contract/accounts';
import { ApiError } from '../../lib/api';
import { wordsOf } from '../../lib/entity-form';
import { newIdempotencyKey } from '../../lib/idempotency';
import { applyServerErrors, asYouType, zodValidate } from '../../lib/zod-form';
import {
  ACCOUNT_FORM_FIELDS,
  emptyAccount,
  fromAccount,
  teamRowErrors,
  toAccountInput,
  type AccountFormValues,
} from './account-form-model';
import { TeamField } from './account-form-team';
import { ACCOUNT_KIND_LABELS } from './accounts-labels';
import { useSettings } from '../admin/api';
import { useAccount, useSaveAccount } from './api';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} fz="h4" mb="sm">
        {title}
      </Title>
      <Stack gap="sm">{children}</Stack>
    </Paper>
  );
}

function AccountForm({ account, defaultCurrency }: { account: Account | null; defaultCurrency: string }) {
  const isEdit = account !== null;
  const navigate = useNavigate();
  // One key per form mount: a double click or a retried request creates one account, not two.
  const [idempotencyKey] = useState(newIdempotencyKey);
  const save = useSaveAccount(account, idempotencyKey);
  const [error, setError] = useState<string | null>(null);
  const form = useForm<AccountFormValues>({
    initialValues: account ? fromAccount(account) : emptyAccount(defaultCurrency),
    validate: zodValidate(isEdit ? UpdateAccountSchema : CreateAccountSchema, toAccountInput, teamRowErrors),
    ...asYouType,
  });
  const timezones = useMemo(() => Intl.supportedValuesOf('timeZone'), []);
  const currency = form.values.currency.toUpperCase() || defaultCurrency;

  const submit = form.onSubmit(
    async (values) => {
      setError(null);
      try {
        // Validated with this schema on submit; parsed, it is the typed body the API takes.
        const saved = await save.mutateAsync((isEdit ? UpdateAccountSchema : CreateAccountSchema).parse(toAccountInput(values)));
        notifications.show({ color: 'green', message: isEdit ? `Saved ${saved.name}.` : `Added ${saved.name}.` });
        void navigate(`/accounts/${saved.id}`);
      } catch (err) {
        // What was typed stays; each server error lands on the field it names.
        setError(applyServerErrors(form, err, ACCOUNT_FORM_FIELDS));
      }
    },
    () => setError('Some fields need a look: see the messages under them.'),
  );

  const moneyProps = {
    inputMode: 'decimal' as const,
    placeholder: '0.00',
    rightSection: (
      <Text size="xs" c="dimmed">
        {currency}
      </Text>
    ),
    rightSectionWidth: 44,
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md" maw={820}>
        {error && (
          <Alert color="red" variant="light" title={isEdit ? 'The account was not saved' : 'The account was not created'} role="alert">
            {error}
          </Alert>
        )}
        <Section title="The account">
          <Radio.Group {...wordsOf(AccountEntity, 'kind')} required {...form.getInputProps('kind')}>
            <Group gap="lg" mt={6}>
              {AccountKindSchema.options.map((k) => (
                <Radio key={k} value={k} label={ACCOUNT_KIND_LABELS[k]} />
              ))}
            </Group>
          </Radio.Group>
          <TextInput {...wordsOf(AccountEntity, 'name')} required autoFocus={!isEdit} {...form.getInputProps('name')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput {...wordsOf(AccountEntity, 'externalRef')} {...form.getInputProps('externalRef')} />
            <TextInput {...wordsOf(AccountEntity, 'tier')} {...form.getInputProps('tier')} />
          </SimpleGrid>
        </Section>
        <Section title="Money">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              {...wordsOf(AccountEntity, 'potentialAnnualSpend')}
              {...moneyProps}
              {...form.getInputProps('potentialAnnualSpend')}
            />
            <TextInput {...wordsOf(AccountEntity, 'acquisitionCost')} {...moneyProps} {...form.getInputProps('acquisitionCost')} />
            <TextInput
              {...wordsOf(AccountEntity, 'currency')}
              description={`ISO 4217 code; default ${defaultCurrency}.`}
              maxLength={3}
              {...form.getInputProps('currency')}
              onChange={(e) => form.setFieldValue('currency', e.currentTarget.value.toUpperCase())}
            />
          </SimpleGrid>
        </Section>
        <Section title="Where and how to reach it">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput {...wordsOf(AccountEntity, 'phone')} type="tel" autoComplete="off" {...form.getInputProps('phone')} />
            <Select
              {...wordsOf(AccountEntity, 'timezone')}
              placeholder="The organisation's timezone"
              data={timezones}
              searchable
              clearable
              {...form.getInputProps('timezone')}
              value={form.values.timezone || null}
              onChange={(v) => form.setFieldValue('timezone', v ?? '')}
            />
            <TextInput {...wordsOf(AccountEntity, 'city')} {...form.getInputProps('city')} />
            <TextInput {...wordsOf(AccountEntity, 'country')} {...form.getInputProps('country')} />
          </SimpleGrid>
        </Section>
        <Paper withBorder p="md" radius="md">
          <TeamField form={form} />
        </Paper>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" component={Link} to={isEdit ? `/accounts/${account.id}` : '/accounts'}>
            Cancel
          </Button>
          <Button type="submit" loading={form.submitting}>
            {isEdit ? 'Save changes' : 'Create account'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function AccountFormPage() {
  const { id } = useParams();
  const isEdit = Boolean(id);
  const settings = useSettings();
  const account = useAccount(id, { staleTime: 0 });
  // Mount the form only once its starting values are known, and never re-seed it while typing.
  const [seed, setSeed] = useState<{ id: string | undefined; account: Account | null; currency: string } | null>(null);
  const ready = (!isEdit || account.data) && (settings.data || settings.isError);
  if (seed && seed.id !== id) setSeed(null);
  else if (ready && !seed) setSeed({ id, account: account.data ?? null, currency: settings.data?.currency ?? 'USD' });

  const title = isEdit ? `Edit ${account.data?.name ?? 'account'}` : 'New account';
  return (
    <Stack gap="md">
      <div>
        <Anchor component={Link} to={isEdit ? `/accounts/${id}` : '/accounts'} size="sm">
          ← {isEdit ? 'Back to the account' : 'Accounts'}
        </Anchor>
        <Title order={1} fz="h2" mt={4}>
          {title}
        </Title>
      </div>
      {isEdit && account.isError && (
        <Alert color="red" variant="light" title="Could not load this account">
          {account.error instanceof ApiError && account.error.status === 404
            ? 'There is no account at this address. It may have been removed.'
            : account.error.message}
        </Alert>
      )}
      {!seed && !account.isError && <Loader aria-label="Loading" />}
      {seed && <AccountForm key={seed.id ?? 'new'} account={seed.account} defaultCurrency={seed.currency} />}
    </Stack>
  );
}
