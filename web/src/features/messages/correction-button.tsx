// Truth first (P2.5): something we told the customer turned out untrue — tell them before they tell
// us. The correction is queued to the chosen contact (essential: never held back) and kept on the
// account timeline, or the order history when it is about an order (docs/late-notices.md).
import { Alert, Button, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '../../lib/notify';
import { useState } from 'react';
import { CreateCorrectionSchema, type CreateCorrection } from '../../../../contract/messages';
import { newIdempotencyKey } from '../../lib/idempotency';
import { useSession } from '../../lib/session';
import { applyServerErrors, asYouType, zodValidate } from '../../lib/zod-form';
import { useContacts } from '../accounts/api';
import { useSendCorrection } from './api';

interface Values {
  said: string;
  correction: string;
  contactId: string | null;
}
const FIELDS = ['said', 'correction', 'contactId', 'orderId'] as const;

/** "Send a correction" on an account or an order page, for the people who talk to customers. */
export function CorrectionButton({ accountId, orderId, orderNumber }: { accountId: string; orderId?: string; orderNumber?: string }) {
  const { hasRole } = useSession();
  const [isOpen, setOpen] = useState(false);
  if (!hasRole('admin', 'gm', 'csr', 'sales')) return null;
  return (
    <>
      <Button size="xs" variant="default" onClick={() => setOpen(true)} data-testid="send-correction">
        Send a correction
      </Button>
      {isOpen && <CorrectionDialog accountId={accountId} orderId={orderId} orderNumber={orderNumber} onClose={() => setOpen(false)} />}
    </>
  );
}

function CorrectionDialog({
  accountId,
  orderId,
  orderNumber,
  onClose,
}: {
  accountId: string;
  orderId?: string;
  orderNumber?: string;
  onClose: () => void;
}) {
  const contacts = useContacts(accountId);
  const withEmail = (contacts.data ?? []).filter((c) => c.email);
  const send = useSendCorrection(accountId);
  const [failure, setFailure] = useState<string | null>(null);
  const [key] = useState(newIdempotencyKey);
  const toBody = (v: Values): CreateCorrection => ({
    said: v.said,
    correction: v.correction,
    ...(v.contactId ? { contactId: v.contactId } : {}),
    ...(orderId ? { orderId } : {}),
  });
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { said: '', correction: '', contactId: null },
    validate: zodValidate(CreateCorrectionSchema, toBody),
    ...asYouType,
  });
  return (
    <Modal opened onClose={onClose} title={orderNumber ? `Send a correction about order ${orderNumber}` : 'Send a correction'} size="lg">
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          setFailure(null);
          return send.mutateAsync({ body: toBody(v), idempotencyKey: key }).then(
            (r) => {
              notifications.show({ message: `Correction queued to ${r.message.to}.`, color: 'teal' });
              onClose();
            },
            (err) => setFailure(applyServerErrors(form, err, FIELDS)),
          );
        })}
        data-testid="correction-form"
      >
        <Stack gap="sm">
          {failure && <Alert color="red">{failure}</Alert>}
          <Text size="sm">
            Tell the customer before they find out. It is queued as an email to them, never held back by the limit on updates, and kept on
            the {orderId ? 'order’s history' : 'account’s timeline'}.
          </Text>
          <Textarea
            label="What we said that turned out untrue"
            autosize
            minRows={2}
            {...form.getInputProps('said')}
            data-testid="correction-said"
          />
          <Textarea label="The correction" autosize minRows={3} {...form.getInputProps('correction')} data-testid="correction-text" />
          <Select
            label="To"
            placeholder={withEmail.length ? 'The account’s main contact' : 'No contact with an email address'}
            clearable
            data={withEmail.map((c) => ({ value: c.id, label: `${c.name} <${c.email}>` }))}
            {...form.getInputProps('contactId')}
          />
          <Button type="submit" loading={send.isPending} data-testid="queue-correction">
            Send the correction
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}
