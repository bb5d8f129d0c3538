import {
  Alert,
  Button,
  Checkbox,
  Group,
  Loader,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '../../lib/notify';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { ROLES, type Role } from '../../../../contract/common';
import { STAGE_KEYS, UpdateSettingsSchema, type Settings, type StageKey } from '../../../../contract/settings';
import type { JourneyStart } from '../../../../contract/journeys';
import { formatDateTime, ORDER_STATUS_LABELS, ROLE_LABELS, WEEKDAY_LABELS } from '../../lib/format';
import { applyServerErrors, asYouType, zodValidate } from '../../lib/zod-form';
import { useSettings, useUpdateSettings } from './api';
import { RequireAdmin } from './require-admin';
import { HolidaysField } from './settings-holidays';
import { MailSettings } from '../messages/mail-settings';

interface SettingsValues {
  orgName: string;
  timezone: string;
  workdays: string[];
  holidays: string[];
  workingHoursStart: string;
  workingHoursEnd: string;
  currency: string;
  auditionMinSpend: string;
  neglectDays: number | string;
  rhythmFactor: number | string;
  defaultUpdateLimit: number | string;
  stageDays: Record<StageKey, number | string>;
  escalationRoles: Record<Role, string>;
  thankYouRoles: string[];
  thankYouPerDay: number | string;
  thankYouWindowDays: number | string;
  webhookFailureLimit: number | string;
  portalLinkDays: number | string;
  surveyExpiryDays: number | string;
  surveyReminderDays: number | string;
  detractorCsat: number | string;
  detractorNps: number | string;
  detractorCes: number | string;
  referralMinOrders: number | string;
  referralOnTimeLast: number | string;
  journeyStart: JourneyStart;
  staffDigest: boolean;
}

const FIELDS = [
  'orgName',
  'timezone',
  'workdays',
  'holidays',
  'workingHoursStart',
  'workingHoursEnd',
  'currency',
  'auditionMinSpend',
  'neglectDays',
  'rhythmFactor',
  'defaultUpdateLimit',
  'stageDays',
  'escalationRoles',
  'thankYouRoles',
  'thankYouPerDay',
  'thankYouWindowDays',
  'webhookFailureLimit',
  'portalLinkDays',
  'surveyExpiryDays',
  'surveyReminderDays',
  'detractorCsat',
  'detractorNps',
  'detractorCes',
  'referralMinOrders',
  'referralOnTimeLast',
  'journeyStart',
  'staffDigest',
] as const;
const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] ?? r }));

// An emptied number box is "not a number" (so the schema says so), not "leave unchanged".
const num = (v: number | string) => (v === '' ? Number.NaN : Number(v));

function toInput(v: SettingsValues) {
  return {
    orgName: v.orgName,
    timezone: v.timezone,
    workdays: v.workdays.map(Number).sort(),
    holidays: v.holidays,
    workingHoursStart: v.workingHoursStart,
    workingHoursEnd: v.workingHoursEnd,
    currency: v.currency,
    auditionMinSpend: v.auditionMinSpend,
    neglectDays: num(v.neglectDays),
    rhythmFactor: num(v.rhythmFactor),
    defaultUpdateLimit: num(v.defaultUpdateLimit),
    stageDays: Object.fromEntries(STAGE_KEYS.map((k) => [k, num(v.stageDays[k])])) as Record<StageKey, number>,
    escalationRoles: v.escalationRoles as Record<Role, Role>,
    thankYouRoles: v.thankYouRoles as Role[],
    thankYouPerDay: num(v.thankYouPerDay),
    thankYouWindowDays: num(v.thankYouWindowDays),
    webhookFailureLimit: num(v.webhookFailureLimit),
    portalLinkDays: num(v.portalLinkDays),
    surveyExpiryDays: num(v.surveyExpiryDays),
    surveyReminderDays: num(v.surveyReminderDays),
    detractorCsat: num(v.detractorCsat),
    detractorNps: num(v.detractorNps),
    detractorCes: num(v.detractorCes),
    referralMinOrders: num(v.referralMinOrders),
    referralOnTimeLast: num(v.referralOnTimeLast),
    journeyStart: v.journeyStart,
    staffDigest: v.staffDigest,
  };
}

function fromSettings(s: Settings): SettingsValues {
  return { ...s, workdays: s.workdays.map(String) };
}

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

function SettingsForm({ settings }: { settings: Settings }) {
  const update = useUpdateSettings();
  const [error, setError] = useState<string | null>(null);
  const [updatedAt, setUpdatedAt] = useState(settings.updatedAt);
  const form = useForm<SettingsValues>({
    initialValues: fromSettings(settings),
    validate: zodValidate(UpdateSettingsSchema, toInput),
    ...asYouType,
  });
  const timezones = useMemo(() => {
    const zones = Intl.supportedValuesOf('timeZone');
    return zones.includes(form.values.timezone) ? zones : [form.values.timezone, ...zones];
  }, [form.values.timezone]);

  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      const saved = await update.mutateAsync(toInput(values));
      setUpdatedAt(saved.updatedAt);
      form.setInitialValues(fromSettings(saved));
      form.setValues(fromSettings(saved));
      form.resetDirty(fromSettings(saved));
      notifications.show({ color: 'green', message: 'Settings saved.' });
    } catch (err) {
      // The form keeps what was typed; errors go on their fields.
      setError(applyServerErrors(form, err, FIELDS));
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md" maw={760}>
        {error && (
          <Alert color="red" variant="light" title="Settings were not saved" role="alert">
            {error}
          </Alert>
        )}
        <Section title="Organisation">
          <TextInput
            label="Organisation name"
            description="Shown to customers in the emails Rapport sends them."
            required
            {...form.getInputProps('orgName')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label="Timezone"
              description="Where “today” and due dates are counted."
              data={timezones}
              searchable
              required
              allowDeselect={false}
              {...form.getInputProps('timezone')}
            />
            <TextInput
              label="Currency"
              description="ISO 4217 code for new accounts, such as USD or EUR."
              maxLength={3}
              required
              {...form.getInputProps('currency')}
              onChange={(e) => form.setFieldValue('currency', e.currentTarget.value.toUpperCase())}
            />
          </SimpleGrid>
        </Section>
        <Section title="Working days">
          <Checkbox.Group
            label="Workdays"
            description="Business-day maths (due dates, “in 2 business days”) counts only these."
            {...form.getInputProps('workdays')}
          >
            <Group gap="md" mt="xs">
              {[1, 2, 3, 4, 5, 6, 7].map((d) => (
                <Checkbox key={d} value={String(d)} label={WEEKDAY_LABELS[d]} />
              ))}
            </Group>
          </Checkbox.Group>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              type="time"
              label="Opens at"
              description="A task due in working days never falls before this time…"
              required
              {...form.getInputProps('workingHoursStart')}
            />
            <TextInput
              type="time"
              label="Closes at"
              description="…nor after this one: an order at 3 a.m. gets its call due at opening."
              required
              {...form.getInputProps('workingHoursEnd')}
            />
          </SimpleGrid>
          <HolidaysField
            value={form.values.holidays}
            onChange={(days) => form.setFieldValue('holidays', days)}
            error={form.errors['holidays'] ?? Object.entries(form.errors).find(([k]) => k.startsWith('holidays.'))?.[1]}
          />
        </Section>
        <Section title="Thresholds">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Audition minimum spend"
              description="First orders of accounts with at least this potential annual spend get the full paid audition."
              inputMode="decimal"
              rightSection={
                <Text size="xs" c="dimmed">
                  {form.values.currency}
                </Text>
              }
              rightSectionWidth={48}
              {...form.getInputProps('auditionMinSpend')}
            />
            <NumberInput
              label="Neglect after (days)"
              description="A customer whose last order is older than this is dormant."
              min={1}
              max={3650}
              allowDecimal={false}
              {...form.getInputProps('neglectDays')}
            />
            <NumberInput
              label="Rhythm factor"
              description="Overdue when days since the last order exceed this × the usual gap between orders."
              min={1}
              max={20}
              step={0.5}
              decimalScale={2}
              {...form.getInputProps('rhythmFactor')}
            />
            <NumberInput
              label="Progress updates per contact per week"
              description="Default cap on progress emails; essential messages are never capped."
              min={0}
              max={50}
              allowDecimal={false}
              {...form.getInputProps('defaultUpdateLimit')}
            />
          </SimpleGrid>
        </Section>
        <Section title="Thank-you notes">
          <Text size="sm" c="dimmed">
            Who finds today’s thank-you note in My day, how many a day, and how long after a note a quote or order from that account counts
            as what came back.
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <MultiSelect label="Who writes" data={ROLE_OPTIONS} {...form.getInputProps('thankYouRoles')} data-testid="thank-you-roles" />
            <NumberInput label="Notes a day" min={1} max={20} allowDecimal={false} {...form.getInputProps('thankYouPerDay')} />
            <NumberInput
              label="Counts as what came back for (days)"
              min={1}
              max={365}
              allowDecimal={false}
              {...form.getInputProps('thankYouWindowDays')}
            />
          </SimpleGrid>
        </Section>
        <Section title="Outbound webhooks">
          <Text size="sm" c="dimmed">
            An endpoint that fails this many delivery attempts in a row is turned off, and every admin finds a task in My day to look at it.
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <NumberInput
              label="Turn off after failed attempts in a row"
              min={1}
              max={1000}
              allowDecimal={false}
              {...form.getInputProps('webhookFailureLimit')}
            />
          </SimpleGrid>
        </Section>
        <Section title="Customer portal">
          <Text size="sm" c="dimmed">
            A customer portal link opens the customer’s page for this many days from when it is made; links made before keep their date.
          </Text>
          <Text size="sm">
            Links in messages point to <b>{settings.publicUrl ?? 'http://localhost:3000'}</b>
            {settings.publicUrl ? '' : ' (no web process has started yet)'} — set PUBLIC_URL to the address customers reach Rapport at.
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <NumberInput
              label="A link opens the portal for (days)"
              min={1}
              max={365}
              allowDecimal={false}
              {...form.getInputProps('portalLinkDays')}
            />
          </SimpleGrid>
        </Section>
        <Section title="Surveys">
          <Text size="sm" c="dimmed">
            A survey link takes one answer until it expires; one reminder goes if no answer came. An answer at or past a threshold is a
            detractor’s.
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 5 }}>
            <NumberInput
              label="A link takes answers for (days)"
              min={1}
              max={365}
              allowDecimal={false}
              {...form.getInputProps('surveyExpiryDays')}
            />
            <NumberInput
              label="Reminder after (days)"
              min={1}
              max={60}
              allowDecimal={false}
              {...form.getInputProps('surveyReminderDays')}
            />
            <NumberInput label="Detractor: CSAT at most" min={1} max={5} allowDecimal={false} {...form.getInputProps('detractorCsat')} />
            <NumberInput label="Detractor: NPS at most" min={0} max={10} allowDecimal={false} {...form.getInputProps('detractorNps')} />
            <NumberInput label="Detractor: CES at least" min={1} max={7} allowDecimal={false} {...form.getInputProps('detractorCes')} />
          </SimpleGrid>
        </Section>
        <Section title="Referrals">
          <Text size="sm" c="dimmed">
            Ask for a referral only after proof: this many delivered orders, the last ones on time — and no problem still open, no
            detractor’s answer in 90 days.
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <NumberInput
              label="Delivered orders needed"
              min={1}
              max={50}
              allowDecimal={false}
              {...form.getInputProps('referralMinOrders')}
            />
            <NumberInput label="The last … on time" min={1} max={50} allowDecimal={false} {...form.getInputProps('referralOnTimeLast')} />
          </SimpleGrid>
        </Section>
        <Section title="Onboarding journey">
          <Text size="sm" c="dimmed">
            Six stages from scheduling to parts and consumables, with a survey after each and executive calls after the installation and at
            90 days. A customer’s page can always start it by hand.
          </Text>
          <Select
            label="Starts by itself"
            data={[
              { value: 'first_delivery', label: 'When a customer’s first order is delivered' },
              { value: 'by_hand', label: 'Never: by hand from the account page (service-heavy companies)' },
            ]}
            allowDeselect={false}
            maw={480}
            {...form.getInputProps('journeyStart')}
            data-testid="journey-start"
          />
        </Section>
        <Section title="Typical working days per stage">
          <Text size="sm" c="dimmed">
            An open order is at risk of being late when these days, counted from its current stage, run past its promised date. The daily
            sweep then raises it before the customer finds out.
          </Text>
          <SimpleGrid cols={{ base: 2, sm: 5 }}>
            {STAGE_KEYS.map((k) => (
              <NumberInput
                key={k}
                label={ORDER_STATUS_LABELS[k] ?? k}
                min={0}
                max={250}
                allowDecimal={false}
                {...form.getInputProps(`stageDays.${k}`)}
              />
            ))}
          </SimpleGrid>
        </Section>
        <Section title="Escalation">
          <Text size="sm" c="dimmed">
            A task still open after the grace period is escalated once: its role’s escalation role gets a task to step in.
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {ROLES.map((r) => (
              <Select
                key={r}
                label={`${ROLE_LABELS[r] ?? r} tasks go to`}
                data={ROLE_OPTIONS}
                allowDeselect={false}
                {...form.getInputProps(`escalationRoles.${r}`)}
              />
            ))}
          </SimpleGrid>
          <Checkbox
            label="Mail each colleague a digest of their due and overdue tasks every morning"
            description="At the daily sweep: their own tasks due today or overdue, and those waiting in the pool of their roles. Nobody with nothing due gets one."
            {...form.getInputProps('staffDigest', { type: 'checkbox' })}
          />
        </Section>
        <Group justify="space-between">
          <Text size="xs" c="dimmed">
            Last changed {formatDateTime(updatedAt)}
          </Text>
          <Group gap="sm">
            <Button variant="default" disabled={!form.isDirty()} onClick={() => form.reset()}>
              Discard changes
            </Button>
            <Button type="submit" loading={form.submitting} disabled={!form.isDirty()}>
              Save settings
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}

function SettingsScreen() {
  const settings = useSettings();
  // Mount the form once per load so a background refetch never overwrites what is being typed.
  const [loaded, setLoaded] = useState<Settings | null>(null);
  useEffect(() => {
    if (settings.data && !loaded) setLoaded(settings.data);
  }, [settings.data, loaded]);
  return (
    <Stack gap="md">
      <div>
        <Title order={1} fz="h2">
          Settings
        </Title>
        <Text c="dimmed" size="sm">
          How your organisation works: calendar, currency and the thresholds behind statuses and playbooks.
        </Text>
      </div>
      {settings.isError && (
        <Alert color="red" variant="light">
          Could not load settings: {settings.error.message}
        </Alert>
      )}
      {!loaded && settings.isLoading && <Loader aria-label="Loading settings" />}
      {loaded && <SettingsForm settings={loaded} />}
      <MailSettings />
    </Stack>
  );
}

export function SettingsPage() {
  return (
    <RequireAdmin title="Settings">
      <SettingsScreen />
    </RequireAdmin>
  );
}
