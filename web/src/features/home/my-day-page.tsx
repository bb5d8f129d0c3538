import { Title } from '@mantine/core';

export function MyDayPage() {
  return <Title order={2}>My day</Title>;
}
