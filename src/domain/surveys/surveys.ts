// The survey templates (docs/surveys.md): the shipped ones are written on first use (their wording
// editable), an organisation adds its own; admins edit, every staff member reads.
import { asc, eq, sql } from 'drizzle-orm';
import type { CreateSurvey, Survey, UpdateSurvey } from '../../../contract/surveys.js';
import type { Db } from '../../db/client.js';
import { surveys } from '../../db/schema/index.js';
import { SHIPPED_SURVEYS } from './surveys.rules.js';
import { assertRole, conflict, FieldErrors, notFound, recordAudit, type UseCaseContext } from '../shared/index.js';

export type SurveyRow = typeof surveys.$inferSelect;

/** Writes the shipped surveys that are missing (a first use, or a new one in an upgrade); leaves edited ones alone. */
export async function ensureShippedSurveys(db: Db): Promise<void> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(surveys)
    .where(eq(surveys.isBuiltin, true));
  if ((row?.n ?? 0) >= SHIPPED_SURVEYS.length) return;
  await db
    .insert(surveys)
    .values(SHIPPED_SURVEYS.map((s) => ({ ...s, isBuiltin: true })))
    .onConflictDoNothing();
}

export function presentSurvey(r: SurveyRow): Survey {
  return {
    key: r.key,
    touchpoint: r.touchpoint,
    name: r.name,
    intro: r.intro,
    csatQuestion: r.csatQuestion,
    npsQuestion: r.npsQuestion,
    cesQuestion: r.cesQuestion,
    commentQuestion: r.commentQuestion,
    isBuiltin: r.isBuiltin,
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function getSurveyRow(db: Db, key: string): Promise<SurveyRow> {
  await ensureShippedSurveys(db);
  const [row] = await db.select().from(surveys).where(eq(surveys.key, key));
  // surveys.not_found: no survey has this key.
  if (!row) throw notFound('surveys.not_found', `No survey has the key ${key}.`);
  return row;
}

export async function listSurveys({ db }: Pick<UseCaseContext, 'db'>): Promise<{ items: Survey[] }> {
  await ensureShippedSurveys(db);
  const rows = await db.select().from(surveys).orderBy(asc(surveys.isBuiltin), asc(surveys.name));
  return { items: rows.map(presentSurvey) };
}

export async function getSurvey({ db }: Pick<UseCaseContext, 'db'>, key: string): Promise<Survey> {
  return presentSurvey(await getSurveyRow(db, key));
}

export async function createSurvey(ctx: UseCaseContext, input: CreateSurvey): Promise<Survey> {
  const { actor, now } = ctx;
  assertRole(actor, 'admin');
  return ctx.db.transaction(async (tx) => {
    await ensureShippedSurveys(tx);
    const [row] = await tx
      .insert(surveys)
      .values({ ...input, isBuiltin: false, updatedBy: actor.userId, createdAt: now, updatedAt: now })
      .onConflictDoNothing()
      .returning();
    // surveys.key_taken: another survey has this key.
    if (!row) throw conflict('surveys.key_taken', `A survey with the key ${input.key} exists already.`);
    await recordAudit(tx, actor, { action: 'surveys.create', entity: 'survey', entityId: input.key, changes: { ...input } }, now);
    return presentSurvey(row);
  });
}

export async function updateSurvey(ctx: UseCaseContext, { key, patch }: { key: string; patch: UpdateSurvey }): Promise<Survey> {
  const { actor, now } = ctx;
  assertRole(actor, 'admin');
  return ctx.db.transaction(async (tx) => {
    const before = await getSurveyRow(tx, key);
    const after = { ...before, ...patch };
    const errors = new FieldErrors();
    if (!(after.csatQuestion || after.npsQuestion || after.cesQuestion))
      errors.add('csatQuestion', 'a survey asks at least one of CSAT, NPS or CES');
    // surveys.invalid: the change would leave the survey asking no scale.
    errors.throwIfAny('surveys.invalid');
    const [row] = await tx
      .update(surveys)
      .set({ ...patch, updatedBy: actor.userId, updatedAt: now })
      .where(eq(surveys.key, key))
      .returning();
    await recordAudit(tx, actor, { action: 'surveys.update', entity: 'survey', entityId: key, changes: { ...patch } }, now);
    return presentSurvey(row!);
  });
}
