import { Title } from '@mantine/core';

export function LoginPage() {
  return <Title order={2}>Sign in</Title>;
}
