// "Report a problem" on an account's page and an order's page (docs/problems.md): what happened, where
// it was found and, when known, where it comes from. The CSR is given a call to fix the customer
// and the GM is told; the new problem's page opens.
import { Alert, Button, Modal, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import {
  CreateProblemSchema,
  PROBLEM_ORIGINS,
  PROBLEM_ORIGIN_LABELS,
  PROBLEM_SOURCE_LABELS,
  type CreateProblem,
  type ProblemOrigin,
  type ProblemSource,
} from '../../../../contract/problems';
import { newIdempotencyKey } from '../../lib/idempotency';
import { useSession } from '../../lib/session';
import { applyServerErrors, asYouType, zodValidate } from '../../lib/zod-form';
import { useReportProblem } from './api';

/** The sources a person picks from; a survey answer and a hot button open problems on their own. */
const HAND_SOURCES: ProblemSource[] = ['call', 'installation', 'task', 'order', 'other'];
/** The roles that may report (src/domain/problems/problems.rules.ts). */
export const REPORTER_ROLES = ['admin', 'gm', 'sales', 'csr', 'operations', 'quality', 'quality_manager', 'service'] as const;

interface Values {
  source: ProblemSource;
  category: string;
  description: string;
  origin: ProblemOrigin | null;
  productClaim: string;
}
const FIELDS = ['source', 'category', 'description', 'origin', 'productClaim', 'orderId', 'accountId'] as const;

export function ReportProblemButton({ accountId, orderId, orderNumber }: { accountId: string; orderId?: string; orderNumber?: string }) {
  const { hasRole } = useSession();
  const [isOpen, setOpen] = useState(false);
  if (!hasRole(...REPORTER_ROLES)) return null;
  return (
    <>
      <Button size="xs" variant="default" color="red" onClick={() => setOpen(true)} data-testid="report-problem">
        Report a problem
      </Button>
      {isOpen && <ReportDialog accountId={accountId} orderId={orderId} orderNumber={orderNumber} onClose={() => setOpen(false)} />}
    </>
  );
}

function ReportDialog({
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
  const [key] = useState(newIdempotencyKey);
  const report = useReportProblem(key);
  const navigate = useNavigate();
  const [failure, setFailure] = useState<string | null>(null);
  const toBody = (v: Values): CreateProblem => ({
    accountId,
    ...(orderId ? { orderId } : {}),
    source: v.source,
    category: v.category,
    description: v.description,
    ...(v.origin ? { origin: v.origin } : {}),
    ...(v.productClaim.trim() ? { productClaim: v.productClaim } : {}),
  });
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { source: orderId ? 'order' : 'call', category: '', description: '', origin: null, productClaim: '' },
    validate: zodValidate(CreateProblemSchema, toBody),
    ...asYouType,
  });
  return (
    <Modal opened onClose={onClose} title={orderNumber ? `Report a problem with order ${orderNumber}` : 'Report a problem'} size="lg">
      <form
        noValidate
        data-testid="problem-form"
        onSubmit={form.onSubmit((v) => {
          setFailure(null);
          return report.mutateAsync(toBody(v)).then(
            (p) => {
              onClose();
              void navigate(`/problems/${p.id}`);
            },
            (err) => setFailure(applyServerErrors(form, err, FIELDS)),
          );
        })}
      >
        <Stack gap="sm">
          {failure && <Alert color="red">{failure}</Alert>}
          <Text size="sm">
            The account’s CSR gets a call to fix the customer, due within one business day, and the GM is told. It goes on the account’s
            timeline.
          </Text>
          <Select
            label="Found at"
            allowDeselect={false}
            data={HAND_SOURCES.map((s) => ({ value: s, label: PROBLEM_SOURCE_LABELS[s] }))}
            {...form.getInputProps('source')}
          />
          <TextInput
            label="Category"
            placeholder="Installation, delivery, documents…"
            {...form.getInputProps('category')}
            data-testid="problem-category"
          />
          <Textarea label="What happened" autosize minRows={3} {...form.getInputProps('description')} data-testid="problem-description" />
          <Select
            label="Where it comes from"
            placeholder="Not known yet"
            clearable
            data={PROBLEM_ORIGINS.map((o) => ({ value: o, label: PROBLEM_ORIGIN_LABELS[o] }))}
            {...form.getInputProps('origin')}
            data-testid="problem-origin"
          />
          <TextInput
            label="Product claim involved"
            description="What the customer was told, if it was a promise"
            {...form.getInputProps('productClaim')}
          />
          <Button type="submit" loading={report.isPending} data-testid="submit-problem">
            Report the problem
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}
