import { Title } from '@mantine/core';

export function OrderFormPage() {
  return <Title order={2}>New order</Title>;
}
