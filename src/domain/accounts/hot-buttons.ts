// Hot buttons (P5.4): the concerns the customer bought on, captured at the sale, checked at the
// first-order follow-up.
import { and, eq, sql } from 'drizzle-orm';
import type { HotButton } from '../../../contract/accounts.js';
import type { Db } from '../../db/client.js';
import { hotButtons, users } from '../../db/schema/index.js';
import { notFound, recordAudit, type UseCaseContext } from '../shared/index.js';
import { keyset, nextCursor, readPage } from './keyset.js';
import { presentHotButton } from './present.js';
import { getAccountRow } from './queries.js';

export interface ListHotButtonsInput {
  accountId: string;
  limit: number;
  cursor?: string | undefined;
}

/** In the order they were captured; accounts.not_found for an unknown account. */
export async function listHotButtons(db: Db, input: ListHotButtonsInput): Promise<{ items: HotButton[]; nextCursor: string | null }> {
  await getAccountRow(db, input.accountId);
  const ks = keyset({
    name: 'hot_buttons',
    keys: [{ expr: sql`${hotButtons.capturedAt}`, kind: 'timestamp', nullable: false }],
    id: hotButtons.id,
    direction: 'asc',
    cursor: input.cursor,
  });
  const rows = await readPage(ks, input.limit, (segment, take) =>
    db
      .select({ hotButton: hotButtons, capturedByName: users.name, ...ks.select })
      .from(hotButtons)
      .leftJoin(users, eq(users.id, hotButtons.capturedBy))
      .where(and(eq(hotButtons.accountId, input.accountId), segment.where))
      .orderBy(...segment.orderBy)
      .limit(take),
  );
  return {
    items: rows.slice(0, input.limit).map((r) => presentHotButton(r.hotButton, r.capturedByName)),
    nextCursor: nextCursor(
      rows.map((r) => ({ ...r, id: r.hotButton.id })),
      input.limit,
      ks,
    ),
  };
}

export interface CreateHotButtonInput {
  accountId: string;
  text: string;
}

/** Captures a hot button; capturedBy is the actor (null for system and CLI actors). */
export async function createHotButton(ctx: UseCaseContext, input: CreateHotButtonInput): Promise<HotButton> {
  const { actor, now } = ctx;
  return ctx.db.transaction(async (tx) => {
    await getAccountRow(tx, input.accountId);
    const [row] = await tx
      .insert(hotButtons)
      .values({ accountId: input.accountId, text: input.text, capturedBy: actor.userId, capturedAt: now })
      .returning();
    await recordAudit(
      tx,
      actor,
      { action: 'hot_buttons.create', entity: 'hot_button', entityId: row!.id, changes: { accountId: input.accountId, text: input.text } },
      now,
    );
    return presentHotButton(row!, actor.userId ? actor.name : null);
  });
}

export interface DeleteHotButtonInput {
  accountId: string;
  hotButtonId: string;
}

export async function deleteHotButton(ctx: UseCaseContext, input: DeleteHotButtonInput): Promise<void> {
  const { actor, now } = ctx;
  await ctx.db.transaction(async (tx) => {
    await getAccountRow(tx, input.accountId);
    const [row] = await tx
      .delete(hotButtons)
      .where(and(eq(hotButtons.id, input.hotButtonId), eq(hotButtons.accountId, input.accountId)))
      .returning();
    // hot_buttons.not_found: the account has no hot button with this id.
    if (!row) throw notFound('hot_buttons.not_found', `Account ${input.accountId} has no hot button with id ${input.hotButtonId}.`);
    await recordAudit(
      tx,
      actor,
      { action: 'hot_buttons.delete', entity: 'hot_button', entityId: row.id, changes: { accountId: row.accountId, text: row.text } },
      now,
    );
  });
}
