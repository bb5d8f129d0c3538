import { Title } from '@mantine/core';

export function AccountsPage() {
  return <Title order={2}>Accounts</Title>;
}
