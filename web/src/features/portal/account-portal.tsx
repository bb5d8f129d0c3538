// "Customer portal" on the account page (docs/portal.md): a link for the customer to open without a
// password — shown once, with a copy button — the links made so far with their expiry, and revoke.
import { Alert, Anchor, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { notifications } from '../../lib/notify';
import { useState } from 'react';
import type { CreatedPortalLink, PortalLink } from '../../../../contract/portal';
import { ShowOnceSecret } from '../../components/show-once-secret';
import { formatDate, formatDateTime, formatRelative } from '../../lib/format';
import { newIdempotencyKey } from '../../lib/idempotency';
import { portalDocumentUrl, useCreatePortalLink, usePortalDocuments, usePortalLinks, useRevokePortalLink } from './api';

function stateOf(link: PortalLink, now: Date): string {
  if (link.revokedAt) return `Revoked ${formatDate(link.revokedAt.slice(0, 10))}`;
  if (new Date(link.expiresAt) <= now) return `Expired ${formatDate(link.expiresAt.slice(0, 10))}`;
  return `Opens until ${formatDate(link.expiresAt.slice(0, 10))}`;
}

/** For admin, gm, sales and csr (the account page shows it to them only). */
export function AccountPortal({ accountId }: { accountId: string }) {
  const links = usePortalLinks(accountId);
  const documents = usePortalDocuments(accountId);
  const create = useCreatePortalLink(accountId);
  const revoke = useRevokePortalLink(accountId);
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const [created, setCreated] = useState<CreatedPortalLink | null>(null);
  const now = new Date();
  const make = () =>
    void create.mutateAsync(idempotencyKey).then(
      (link) => {
        setCreated(link);
        setIdempotencyKey(newIdempotencyKey());
      },
      (err: Error) => notifications.show({ color: 'red', title: 'No link made', message: err.message }),
    );
  const revokeOne = (l: PortalLink) =>
    void revoke.mutateAsync(l.id).catch((err: Error) => notifications.show({ color: 'red', title: 'Not revoked', message: err.message }));
  return (
    <Stack gap="xs" data-testid="account-portal">
      <div>
        <Text fw={700}>Customer portal</Text>
        <Text size="xs" c="dimmed">
          A page where the customer sees their orders and sends their shipping and invoicing details, opened from a link — no password.
        </Text>
      </div>
      {links.isLoading && <Loader size="sm" aria-label="Loading portal links" />}
      {links.isError && <Alert color="red">{links.error.message}</Alert>}
      {links.data?.map((l) => {
        const isLive = !l.revokedAt && new Date(l.expiresAt) > now;
        return (
          <Group key={l.id} justify="space-between" wrap="nowrap" align="flex-start" data-testid="portal-link">
            <div style={{ minWidth: 0, flex: 1 }}>
              <Text size="sm" fw={isLive ? 600 : 400} c={isLive ? undefined : 'dimmed'}>
                {stateOf(l, now)}
              </Text>
              <Text size="xs" c="dimmed" title={formatDateTime(l.createdAt)}>
                {l.createdBy ? `Made by ${l.createdBy.name}` : 'Made by Rapport for a message'} {formatRelative(l.createdAt)}
                {l.lastUsedAt ? ` · last opened ${formatRelative(l.lastUsedAt)}` : ' · not opened yet'}
              </Text>
            </div>
            {isLive && (
              <Button
                size="compact-xs"
                variant="subtle"
                color="red"
                onClick={() => revokeOne(l)}
                loading={revoke.isPending && revoke.variables === l.id}
              >
                Revoke
              </Button>
            )}
          </Group>
        );
      })}
      {documents.data && documents.data.length > 0 && (
        <div data-testid="portal-documents">
          <Text size="sm" fw={600}>
            Sent by the customer
          </Text>
          {documents.data.map((d) => (
            <Text key={d.id} size="sm">
              <Anchor href={portalDocumentUrl(accountId, d.id)} download={d.fileName}>
                {d.fileName}
              </Anchor>{' '}
              <Text span size="xs" c="dimmed">
                tax-exemption certificate · {formatRelative(d.uploadedAt)}
              </Text>
            </Text>
          ))}
        </div>
      )}
      <Group>
        <Button size="xs" variant="light" onClick={make} loading={create.isPending}>
          Create a portal link
        </Button>
      </Group>
      {created && (
        <ShowOnceSecret
          title="Customer portal link"
          warning={`Send it to the customer now (by email or in a message). Anyone with the link opens the portal until ${formatDate(created.expiresAt.slice(0, 10))}; revoke it here if it reaches the wrong person.`}
          value={created.url}
          valueLabel="The customer portal link"
          copyLabel="Copy link"
          testId="portal-link-url"
          onClose={() => setCreated(null)}
        />
      )}
    </Stack>
  );
}
