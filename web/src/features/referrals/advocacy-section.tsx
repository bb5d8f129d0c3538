// "Testimonials and referrals" on the dashboard (docs/referrals.md "Figures"): testimonials usable
// by the credit the customer chose, referrals asked and given in the dashboard's period, and the
// accounts that may be asked now.
import { Alert, Loader, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { AdvocacyFiguresSchema } from '../../../../contract/referrals';
import { get, type Answer } from '../../lib/api';

function Figure({ label, value, detail }: { label: string; value: number; detail: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {detail}
      </Text>
    </Stack>
  );
}

export function AdvocacySection({ view }: { view: { asOf?: string | undefined; from?: string | undefined; to?: string | undefined } }) {
  const q = useQuery({
    queryKey: ['analytics', 'advocacy', view.asOf, view.from, view.to],
    queryFn: () => get<Answer<typeof AdvocacyFiguresSchema>>('/analytics/advocacy', { asOf: view.asOf, from: view.from, to: view.to }),
  });
  if (q.isLoading) return <Loader size="sm" aria-label="Loading testimonials and referrals" />;
  if (q.isError || !q.data) return <Alert color="red">Could not load testimonials and referrals: {q.error?.message}</Alert>;
  const { testimonials: t, referrals: r } = q.data;
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} data-testid="advocacy-figures">
      <Figure
        label="Testimonials usable"
        value={t.usable.total}
        detail={`${t.usable.full_name} full name · ${t.usable.initials} initials · ${t.usable.pseudonym} pseudonym; ${t.asked} asked in the period`}
      />
      <Figure label="May be asked for a referral" value={r.eligibleAccounts} detail="accounts past the gate today" />
      <Figure label="Referrals asked" value={r.asked} detail="in the period" />
      <Figure label="Referrals given" value={r.given} detail="in the period" />
    </SimpleGrid>
  );
}
