// Add or edit an outbound webhook endpoint: address, events, description, on or off. Validated as
// you type with the API's own schema; the server's errors land on the field they name.
import { Alert, Button, Checkbox, Group, Modal, SimpleGrid, Stack, Switch, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import {
  CreateWebhookEndpointSchema,
  UpdateWebhookEndpointSchema,
  type CreatedWebhookEndpoint,
  type WebhookEndpoint,
  type WebhookEventType,
} from '../../../../contract/webhook-endpoints';
import { newIdempotencyKey } from '../../lib/idempotency';
import { applyServerErrors, asYouType, zodValidate } from '../../lib/zod-form';
import { useCreateWebhookEndpoint, useUpdateWebhookEndpoint } from './api';
import { EVENT_OPTIONS } from './labels';

interface Values {
  url: string;
  description: string;
  eventTypes: WebhookEventType[];
  isEnabled: boolean;
}
const FIELDS = ['url', 'description', 'eventTypes', 'isEnabled'];

export function EndpointFormModal({
  endpoint,
  onClose,
  onCreated,
}: {
  endpoint: WebhookEndpoint | null;
  onClose: () => void;
  onCreated?: (created: CreatedWebhookEndpoint) => void;
}) {
  const isEdit = endpoint !== null;
  const [idempotencyKey] = useState(newIdempotencyKey);
  const create = useCreateWebhookEndpoint(idempotencyKey);
  const update = useUpdateWebhookEndpoint(endpoint?.id ?? '');
  const [error, setError] = useState<string | null>(null);
  const schema = isEdit ? UpdateWebhookEndpointSchema : CreateWebhookEndpointSchema;
  const form = useForm<Values>({
    initialValues: endpoint
      ? { url: endpoint.url, description: endpoint.description, eventTypes: endpoint.eventTypes, isEnabled: endpoint.isEnabled }
      : { url: 'https://', description: '', eventTypes: [], isEnabled: true },
    validate: zodValidate(schema),
    ...asYouType,
  });
  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      if (isEdit) {
        await update.mutateAsync(UpdateWebhookEndpointSchema.parse(values));
        onClose();
      } else {
        const created = await create.mutateAsync(CreateWebhookEndpointSchema.parse(values));
        onCreated?.(created);
      }
    } catch (err) {
      setError(applyServerErrors(form, err, FIELDS));
    }
  });
  return (
    <Modal opened onClose={onClose} title={isEdit ? 'Edit endpoint' : 'Add an endpoint'} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {error && (
            <Alert color="red" variant="light" role="alert">
              {error}
            </Alert>
          )}
          <TextInput
            label="Address"
            description="Where Rapport posts the events: an http:// or https:// address your system listens on."
            required
            data-autofocus
            {...form.getInputProps('url')}
          />
          <TextInput
            label="Description"
            description="Which system receives them, e.g. “ERP production”."
            {...form.getInputProps('description')}
          />
          <Checkbox.Group label="Events to send" withAsterisk {...form.getInputProps('eventTypes')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={6} mt={6}>
              {EVENT_OPTIONS.map((o) => (
                <Checkbox key={o.value} value={o.value} label={o.label} />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
          <Switch label="On: send events to this address" {...form.getInputProps('isEnabled', { type: 'checkbox' })} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending || update.isPending}>
              {isEdit ? 'Save' : 'Add endpoint'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
