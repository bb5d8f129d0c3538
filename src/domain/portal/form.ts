// The new-customer form of the portal (docs/portal.md): saved as the customer types (each save
// replaces the fields it names, nothing else is written), and "Send to us" puts it on the account:
// one timeline entry and one review task for the account's CSR — not one per keystroke.
import { and, asc, eq } from 'drizzle-orm';
import type { PortalAddress, PortalForm, PortalFormValues } from '../../../contract/portal.js';
import { PORTAL_ADDRESS_FIELDS } from '../../../contract/portal.js';
import { accounts, accountTeam, activities, portalForms, tasks, users } from '../../db/schema/index.js';
import { FieldErrors, recordAudit, type Actor, type UseCaseContext } from '../shared/index.js';
import { readPortalForm, resolvePortalToken } from './view.js';

/** Who writes through a portal link: the customer, known only by the link. */
export function portalActor(linkId: string, ip: string | null, requestId: string | null): Actor {
  return { kind: 'system', userId: null, name: `customer portal (link ${linkId})`, roles: [], ip, requestId };
}

/** `current` with the fields of `patch` replaced; an address merges field by field. */
export function mergeFormValues(current: PortalFormValues, patch: PortalFormValues): PortalFormValues {
  return {
    ...current,
    ...patch,
    ...(patch.shipTo && { shipTo: { ...current.shipTo, ...patch.shipTo } }),
    ...(patch.billTo && { billTo: { ...current.billTo, ...patch.billTo } }),
    ...(patch.accountsPayable && { accountsPayable: { ...current.accountsPayable, ...patch.accountsPayable } }),
  };
}

export interface SavePortalFormInput {
  token: string;
  patch: PortalFormValues;
}

/** A save as they type: no audit row, no timeline entry, no task. */
export async function savePortalForm(ctx: Pick<UseCaseContext, 'db' | 'now'>, { token, patch }: SavePortalFormInput): Promise<PortalForm> {
  const { now } = ctx;
  return ctx.db.transaction(async (tx) => {
    const { accountId } = await resolvePortalToken(tx, token, now);
    // The row first, then its lock: two first saves at once (two tabs) must merge, not overwrite.
    await tx.insert(portalForms).values({ accountId, values: {}, updatedAt: now }).onConflictDoNothing();
    const [current] = await tx.select().from(portalForms).where(eq(portalForms.accountId, accountId)).for('update');
    const values = mergeFormValues(current!.values, patch);
    await tx.update(portalForms).set({ values, updatedAt: now }).where(eq(portalForms.accountId, accountId));
    return readPortalForm(tx, accountId);
  });
}

const filled = (v: string | undefined): boolean => (v ?? '').trim() !== '';

function addressText(a: PortalAddress | undefined): string {
  return PORTAL_ADDRESS_FIELDS.map(([key]) => a?.[key]?.trim())
    .filter((v): v is string => !!v)
    .join(', ');
}

/** The form as the staff read it on the timeline. */
export function formSummary(v: PortalFormValues): string {
  const ap = v.accountsPayable;
  return [
    `Ship to: ${addressText(v.shipTo) || '—'}`,
    `Bill to: ${v.billToSameAsShipTo ? 'same as ship to' : addressText(v.billTo) || '—'}`,
    `Accounts payable: ${[ap?.name, ap?.email, ap?.phone].filter(filled).join(', ') || '—'}`,
    `PO requirements: ${v.poRequirements?.trim() || '—'}`,
    `Documents with every shipment: ${v.shipmentDocuments?.trim() || '—'}`,
  ].join('\n');
}

export interface SubmitPortalFormInput {
  token: string;
  ip: string | null;
  requestId: string | null;
}

/**
 * "Send to us": the form must name where to ship and who pays (portal.invalid naming the field).
 * The first send, and each send after the CSR finished reviewing the last, writes one timeline entry
 * and one review task; a send while the review is open only updates the form's time.
 */
export async function submitPortalForm(ctx: Pick<UseCaseContext, 'db' | 'now'>, input: SubmitPortalFormInput): Promise<PortalForm> {
  const { now } = ctx;
  return ctx.db.transaction(async (tx) => {
    const { accountId, linkId } = await resolvePortalToken(tx, input.token, now);
    const [form] = await tx.select().from(portalForms).where(eq(portalForms.accountId, accountId)).for('update');
    const v = form?.values ?? {};
    const errors = new FieldErrors();
    if (!filled(v.shipTo?.street)) errors.add('shipTo.street', 'tell us the street to ship to');
    if (!filled(v.shipTo?.city)) errors.add('shipTo.city', 'tell us the city to ship to');
    if (!v.billToSameAsShipTo && !filled(v.billTo?.street)) errors.add('billTo.street', 'tell us where to send invoices');
    if (!filled(v.accountsPayable?.email)) errors.add('accountsPayable.email', 'tell us where to send invoices by email');
    // portal.invalid: "Send to us" without the fields a first shipment needs (named in errors[]).
    errors.throwIfAny('portal.invalid');
    const actor = portalActor(linkId, input.ip, input.requestId);
    const [openReview] = form?.reviewTaskId
      ? await tx
          .select({ id: tasks.id })
          .from(tasks)
          .where(and(eq(tasks.id, form.reviewTaskId), eq(tasks.status, 'open')))
      : [];
    let reviewTaskId = openReview?.id ?? null;
    if (!openReview) {
      const [account] = await tx.select({ name: accounts.name }).from(accounts).where(eq(accounts.id, accountId));
      const [csr] = await tx
        .select({ id: users.id })
        .from(accountTeam)
        .innerJoin(users, eq(users.id, accountTeam.userId))
        .where(and(eq(accountTeam.accountId, accountId), eq(accountTeam.role, 'csr'), eq(users.active, true)))
        .orderBy(asc(users.name))
        .limit(1);
      const [task] = await tx
        .insert(tasks)
        .values({
          title: `Review the new-customer details from ${account!.name}`,
          guidance:
            'The customer sent their addresses, accounts-payable contact, PO requirements and shipment documents through the customer portal. Check them (they are on the account timeline) and set up the account in your systems.',
          kind: 'task',
          accountId,
          role: 'csr',
          assigneeId: csr?.id ?? null,
          dueAt: new Date(now.getTime() + 86_400_000),
          status: 'open',
          evidence: {},
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: tasks.id });
      reviewTaskId = task!.id;
      await tx.insert(activities).values({
        accountId,
        kind: 'portal_form',
        subject: 'New-customer details',
        body: formSummary(v),
        actorId: null,
        taskId: null,
        occurredAt: now,
        createdAt: now,
      });
    }
    await tx.update(portalForms).set({ submittedAt: now, reviewTaskId }).where(eq(portalForms.accountId, accountId));
    await recordAudit(
      tx,
      actor,
      { action: 'portal.submit_form', entity: 'account', entityId: accountId, changes: { reviewTaskId, newReview: !openReview } },
      now,
    );
    return readPortalForm(tx, accountId);
  });
}
