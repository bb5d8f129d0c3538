import { Group, Paper, Text, ThemeIcon } from '@mantine/core';
import { formatMoney } from '../lib/format';

/**
 * The order page's big version of the first-order mark (docs/ux.md "A first order in the shop"):
 * unmistakable for an audition, with the money it took to win the account.
 */
export function AuditionBanner({
  isFirstOrder,
  isAudition,
  accountName,
  acquisitionCost,
  currency,
}: {
  isFirstOrder: boolean;
  isAudition: boolean;
  accountName: string;
  acquisitionCost: string | null;
  currency: string;
}) {
  if (!isFirstOrder) return null;
  return (
    <Paper
      p="md"
      radius="md"
      bg={isAudition ? 'grape.8' : 'grape.0'}
      c={isAudition ? 'white' : 'grape.9'}
      data-testid={isAudition ? 'audition-banner' : 'first-order-banner'}
      role="note"
      aria-label={isAudition ? 'Paid audition' : 'First order'}
    >
      <Group gap="md" wrap="nowrap" align="center">
        <ThemeIcon size={44} radius="xl" color={isAudition ? 'white' : 'grape'} c={isAudition ? 'grape.8' : 'white'} aria-hidden>
          <Text fw={900} fz={22} lh={1}>
            ★
          </Text>
        </ThemeIcon>
        <div>
          <Text fw={800} fz="lg" lh={1.2}>
            {isAudition ? 'Paid audition — first order of a big account' : `First order of ${accountName}`}
          </Text>
          <Text size="sm">
            {isAudition
              ? `${accountName} decides whether to stay on this order. Every step gets extra care.`
              : 'Deliver it on time and well: the second order is won on this one.'}
            {acquisitionCost && Number(acquisitionCost) > 0 ? (
              <>
                {' '}
                <Text span fw={700} data-testid="acquisition-cost">
                  It took {formatMoney(acquisitionCost, currency)} to win this account.
                </Text>
              </>
            ) : null}
          </Text>
        </div>
      </Group>
    </Paper>
  );
}
