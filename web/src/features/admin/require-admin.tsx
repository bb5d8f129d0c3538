import { Alert, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useSession } from '../../lib/session';

/** Admin screens: a non-admin who follows a link gets a clear answer, not an empty page or a 403 toast. */
export function RequireAdmin({ title, children }: { title: string; children: ReactNode }) {
  const { hasRole } = useSession();
  if (hasRole('admin')) return <>{children}</>;
  return (
    <Stack maw={560}>
      <Title order={1} fz="h2">
        {title}
      </Title>
      <Alert color="gray" variant="light" title="This page needs an administrator">
        Only people with the Admin role can see and change this. Ask an administrator of your Rapport to do it for you, or to give you the
        role.
      </Alert>
    </Stack>
  );
}
