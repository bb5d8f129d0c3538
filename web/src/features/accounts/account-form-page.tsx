import { Title } from '@mantine/core';

export function AccountFormPage() {
  return <Title order={2}>New account</Title>;
}
