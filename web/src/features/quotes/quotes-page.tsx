import { Title } from '@mantine/core';

export function QuotesPage() {
  return <Title order={2}>Quotes</Title>;
}
