import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Group,
  Modal,
  Radio,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { notifications } from '../../lib/notify';
import { useState } from 'react';
import { CALL_OUTCOMES, QUOTE_OUTCOMES, type CompleteTask, type QuoteOutcome, type Task } from '../../../../contract/tasks';
import { ApiError, otherFailure } from '../../lib/api';
import { sentence } from '../../lib/zod-form';
import { useSession } from '../../lib/session';
import { useContacts, useHotButtons } from '../accounts/api';
import { useCompleteTask } from './api';
import { CALL_OUTCOME_LABELS, QUOTE_OUTCOME_LABELS } from './model';

const OUTCOMES = CALL_OUTCOMES.map((value) => ({ value, label: CALL_OUTCOME_LABELS[value] }));
const HB_RESULTS = [
  { value: 'satisfied', label: 'Satisfied' },
  { value: 'not_satisfied', label: 'Not satisfied' },
  { value: 'unknown', label: 'Unknown' },
];

type YesNo = '' | 'yes' | 'no';
const yn = (v: YesNo) => (v === '' ? undefined : v === 'yes');

/** The evidence the step asks for; the server's errors land on the field they name. */
export function CompleteTaskModal({ task, opened, onClose }: { task: Task; opened: boolean; onClose: () => void }) {
  const ev = task.evidence ?? {};
  const form = ev.form;
  const complete = useCompleteTask(task);
  const hotButtons = useHotButtons(task.account?.id, { enabled: opened && form === 'after_yes' });
  const [note, setNote] = useState('');
  const [checked, setChecked] = useState<Record<string, boolean>>({});
  const [outcome, setOutcome] = useState('');
  const [quoteOutcome, setQuoteOutcome] = useState('');
  const [wentWell, setWentWell] = useState<YesNo>('');
  const [hb, setHb] = useState<Record<string, string>>({});
  const [thanked, setThanked] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const [nextOrderAsked, setNextOrderAsked] = useState(false);
  const [referralAsked, setReferralAsked] = useState(false);
  const [needMet, setNeedMet] = useState<YesNo>('');
  const [otherNeeds, setOtherNeeds] = useState('');
  const [skip, setSkip] = useState(false);
  // P2.4: a customer pleased on the phone may be asked for a testimonial there and then.
  const { hasRole } = useSession();
  const mayAskTestimonial =
    Boolean(task.account) && (task.kind === 'call' || task.kind === 'meeting') && hasRole('admin', 'gm', 'sales', 'csr');
  const [askTestimonial, setAskTestimonial] = useState(false);
  const [testimonial, setTestimonial] = useState<Proposed>({ contactId: '', proposedText: '' });
  // A step that can be found incomplete (the data-package review): answered with what was asked for.
  const [incomplete, setIncomplete] = useState(false);
  const [askedFor, setAskedFor] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);

  const asksQuoteOutcome = Boolean(ev.quoteOutcome && task.quote && outcome === 'reached');
  const err = (path: string) => errors[path] ?? Object.entries(errors).find(([k]) => k.startsWith(`${path}.`))?.[1];

  const body = (): CompleteTask => {
    if (skip) return { skip: true, note: note.trim() || undefined };
    if (incomplete) return { askedFor: askedFor.trim(), note: note.trim() || undefined };
    const b: CompleteTask = {};
    if (note.trim()) b.note = note.trim();
    if (ev.checklist?.length) b.checklist = Object.fromEntries(ev.checklist.map((i) => [i, Boolean(checked[i])]));
    if (ev.callOutcome && outcome) b.callOutcome = outcome as CompleteTask['callOutcome'];
    if (asksQuoteOutcome && quoteOutcome) b.quoteOutcome = quoteOutcome as QuoteOutcome;
    if (form === 'after_yes') {
      b.wentWell = yn(wentWell);
      b.hotButtons = (hotButtons.data ?? [])
        .filter((h) => hb[h.id])
        .map((h) => ({ hotButtonId: h.id, result: hb[h.id] as 'satisfied' | 'not_satisfied' | 'unknown' }));
      b.thanked = thanked;
      b.problems = problems.map((p) => p.trim()).filter(Boolean);
      b.nextOrderAsked = nextOrderAsked;
      if (referralAsked) b.referralAsked = true;
    }
    if (askTestimonial) b.testimonial = { contactId: testimonial.contactId, proposedText: testimonial.proposedText.trim() };
    if (form === 'product_check') {
      b.needMet = yn(needMet);
      if (otherNeeds.trim()) b.otherNeeds = otherNeeds.trim();
    }
    return b;
  };

  const submit = () => {
    setErrors({});
    setGeneral(null);
    // The task leaves the list once done, and this form with it: react through the promise.
    void complete.mutateAsync(body()).then(
      () => {
        const said = incomplete ? `Still open, follow-up added: ${task.title}` : `${skip ? 'Skipped' : 'Done'}: ${task.title}`;
        notifications.show({ color: 'green', message: said });
        onClose();
      },
      (e) => {
        if (e instanceof ApiError) {
          const fe = Object.fromEntries(Object.entries(e.fieldErrors()).map(([k, v]) => [k, sentence(v)]));
          setErrors(fe);
          if (Object.keys(fe).length === 0 || e.status !== 400) setGeneral(e.problem.detail ?? e.message);
        } else setGeneral(otherFailure(e, 'The server could not be reached. Nothing was lost: try again.'));
      },
    );
  };

  return (
    <Modal opened={opened} onClose={onClose} title={task.title} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        data-testid="complete-task-form"
      >
        <Stack gap="sm">
          {task.account && (
            <Text size="sm" c="dimmed">
              For {task.account.name}
              {task.order ? `, order ${task.order.number}` : ''}
            </Text>
          )}
          {task.guidance && (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} bg="gray.0" p="xs">
              {task.guidance}
            </Text>
          )}
          {general && (
            <Alert color="red" variant="light" role="alert" title="Not completed">
              {general}
            </Alert>
          )}
          {!skip && ev.canBeIncomplete && (
            <SegmentedControl
              aria-label="Is the data complete?"
              value={incomplete ? 'incomplete' : 'complete'}
              onChange={(v) => setIncomplete(v === 'incomplete')}
              data={[
                { value: 'complete', label: 'Complete' },
                { value: 'incomplete', label: 'Incomplete — asked the customer' },
              ]}
              data-testid="data-complete-choice"
            />
          )}
          {!skip && incomplete && (
            <TextInput
              label="What did you ask the customer for?"
              description="The step stays open (production waits) and a follow-up task reminds you to get it."
              withAsterisk
              value={askedFor}
              onChange={(e) => setAskedFor(e.currentTarget.value)}
              error={err('askedFor')}
              data-testid="asked-for"
            />
          )}
          {!skip && !incomplete && ev.checklist && ev.checklist.length > 0 && (
            <Checkbox.Group
              label="Checklist"
              description="Tick every item"
              error={err('checklist')}
              value={Object.keys(checked).filter((k) => checked[k])}
              onChange={(v) => setChecked(Object.fromEntries(v.map((k) => [k, true])))}
            >
              <Stack gap={6} mt={6}>
                {ev.checklist.map((item) => (
                  <Checkbox key={item} value={item} label={item} />
                ))}
              </Stack>
            </Checkbox.Group>
          )}
          {!skip && ev.callOutcome && (
            <Radio.Group label="Call outcome" withAsterisk value={outcome} onChange={setOutcome} error={err('callOutcome')}>
              <Group gap="md" mt={6}>
                {OUTCOMES.map((o) => (
                  <Radio key={o.value} value={o.value} label={o.label} />
                ))}
              </Group>
            </Radio.Group>
          )}
          {!skip && asksQuoteOutcome && (
            <Radio.Group
              label={`Where does quote ${task.quote!.number} stand?`}
              withAsterisk
              value={quoteOutcome}
              onChange={setQuoteOutcome}
              error={err('quoteOutcome')}
            >
              <Group gap="md" mt={6}>
                {QUOTE_OUTCOMES.map((o) => (
                  <Radio key={o} value={o} label={QUOTE_OUTCOME_LABELS[o]} />
                ))}
              </Group>
            </Radio.Group>
          )}
          {!skip && form === 'after_yes' && (
            <>
              <Radio.Group label="Did the first order go well?" value={wentWell} onChange={(v) => setWentWell(v)} error={err('wentWell')}>
                <Group gap="md" mt={6}>
                  <Radio value="yes" label="Yes" />
                  <Radio value="no" label="No" />
                </Group>
              </Radio.Group>
              <Stack gap={6}>
                <Text size="sm" fw={500}>
                  Their hot buttons: was each one satisfied?
                </Text>
                {hotButtons.isLoading && (
                  <Text size="sm" c="dimmed">
                    Loading hot buttons…
                  </Text>
                )}
                {hotButtons.data?.length === 0 && (
                  <Text size="sm" c="dimmed">
                    No hot buttons recorded for this account.{' '}
                    {task.account && (
                      <Anchor href={`/accounts/${task.account.id}`} size="sm">
                        Add them on the account
                      </Anchor>
                    )}
                  </Text>
                )}
                {hotButtons.data?.map((h, i) => (
                  <div key={h.id} data-testid="hot-button-answer">
                    <Text size="sm" id={`hb-${h.id}`}>
                      {h.text}
                    </Text>
                    <SegmentedControl
                      size="xs"
                      aria-labelledby={`hb-${h.id}`}
                      value={hb[h.id] ?? ''}
                      onChange={(v) => setHb((s) => ({ ...s, [h.id]: v }))}
                      data={HB_RESULTS}
                    />
                    {err(`hotButtons.${i}`) && (
                      <Text size="xs" c="red.8">
                        {err(`hotButtons.${i}`)}
                      </Text>
                    )}
                  </div>
                ))}
                {err('hotButtons') && !Object.keys(errors).some((k) => /^hotButtons\.\d/.test(k)) && (
                  <Text size="xs" c="red.8">
                    {err('hotButtons')}
                  </Text>
                )}
              </Stack>
              <Checkbox
                label="I thanked them"
                checked={thanked}
                onChange={(e) => setThanked(e.currentTarget.checked)}
                error={err('thanked')}
              />
              <Stack gap={6}>
                <Text size="sm" fw={500}>
                  Other problems they want solved (each becomes a task)
                </Text>
                {problems.map((p, i) => (
                  <Group key={i} gap="xs" wrap="nowrap">
                    <TextInput
                      flex={1}
                      aria-label={`Problem ${i + 1}`}
                      value={p}
                      error={err(`problems.${i}`)}
                      onChange={(e) => {
                        const v = e.currentTarget.value;
                        setProblems((ps) => ps.map((x, j) => (j === i ? v : x)));
                      }}
                    />
                    <Button
                      variant="subtle"
                      color="gray"
                      size="xs"
                      onClick={() => setProblems((ps) => ps.filter((_, j) => j !== i))}
                      aria-label={`Remove problem ${i + 1}`}
                    >
                      Remove
                    </Button>
                  </Group>
                ))}
                <div>
                  <Button variant="light" size="xs" onClick={() => setProblems((ps) => [...ps, ''])}>
                    Add a problem
                  </Button>
                </div>
              </Stack>
              <Checkbox
                label="I asked for the next order"
                checked={nextOrderAsked}
                onChange={(e) => setNextOrderAsked(e.currentTarget.checked)}
                error={err('nextOrderAsked')}
              />
              <Checkbox
                label="I asked for a referral"
                description="Only after proof: refused until the customer has enough good orders, the last on time, nothing open and no unhappy survey answer."
                checked={referralAsked}
                onChange={(e) => setReferralAsked(e.currentTarget.checked)}
              />
            </>
          )}
          {!skip && form === 'product_check' && (
            <>
              <Radio.Group label="Does the product meet their need?" value={needMet} onChange={(v) => setNeedMet(v)} error={err('needMet')}>
                <Group gap="md" mt={6}>
                  <Radio value="yes" label="Yes" />
                  <Radio value="no" label="No — bring everyone in" />
                </Group>
              </Radio.Group>
              <Textarea
                label="Other needs they mentioned"
                autosize
                minRows={2}
                value={otherNeeds}
                onChange={(e) => setOtherNeeds(e.currentTarget.value)}
                error={err('otherNeeds')}
              />
            </>
          )}
          {!skip && !incomplete && mayAskTestimonial && (
            <Checkbox
              label="They would give a testimonial: send them the words to approve"
              checked={askTestimonial}
              onChange={(e) => setAskTestimonial(e.currentTarget.checked)}
              data-testid="ask-testimonial"
            />
          )}
          {!skip && !incomplete && askTestimonial && task.account && (
            <TestimonialAsk accountId={task.account.id} value={testimonial} onChange={setTestimonial} error={err} />
          )}
          <Textarea
            label={skip ? 'Why does this step not apply?' : 'Note'}
            withAsterisk={skip || (Boolean(ev.note) && !incomplete)}
            autosize
            minRows={2}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            error={err('note')}
            data-testid="task-note"
          />
          {!incomplete && (
            <Checkbox
              label="This step does not apply (skip it)"
              checked={skip}
              onChange={(e) => setSkip(e.currentTarget.checked)}
              error={err('skip')}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={complete.isPending} data-testid="confirm-complete">
              {skip ? 'Skip step' : incomplete ? 'Record what was asked' : 'Mark done'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

interface Proposed {
  contactId: string;
  proposedText: string;
}

/** Whom to ask (a contact with an address) and the words proposed; they approve, edit or decline them in the portal. */
function TestimonialAsk({
  accountId,
  value,
  onChange,
  error,
}: {
  accountId: string;
  value: Proposed;
  onChange: (v: Proposed) => void;
  error: (path: string) => string | undefined;
}) {
  const contacts = useContacts(accountId);
  const options = (contacts.data ?? []).filter((c) => c.email).map((c) => ({ value: c.id, label: `${c.name} <${c.email}>` }));
  return (
    <Stack gap={6} pl="lg">
      <Select
        label="Ask"
        placeholder={contacts.isLoading ? 'Loading contacts…' : 'Pick a contact'}
        data={options}
        value={value.contactId || null}
        onChange={(v) => onChange({ ...value, contactId: v ?? '' })}
        error={error('testimonial.contactId')}
        withAsterisk
      />
      <Textarea
        label="Proposed words (they may change them)"
        autosize
        minRows={2}
        value={value.proposedText}
        onChange={(e) => onChange({ ...value, proposedText: e.currentTarget.value })}
        error={error('testimonial.proposedText') ?? error('testimonial')}
        withAsterisk
      />
    </Stack>
  );
}
