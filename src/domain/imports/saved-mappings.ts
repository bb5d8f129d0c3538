// Mappings saved under a name (docs/imports.md, "Saved mappings"): the next export of the same shape
// is imported by naming its mapping — from the import page, the API (`mappingName`) or the CLI
// (`--map NAME`). A mapping is checked when it is saved, as an import would check it, and kept as
// the document it was (its options too: date format, decimal, encoding, round). Saving a name
// that exists for the kind replaces that mapping. Who may import a kind may save its mappings.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { SavedMapping, SaveMapping } from '../../../contract/imports.js';
import type { Db } from '../../db/client.js';
import { importMappings, users } from '../../db/schema/index.js';
import { findBadText, hasRole, invalid, notFound, recordAudit, type Actor, type UseCaseContext } from '../shared/index.js';
import { assertMayImport, rolesToImport } from './access.rules.js';
import type { ImportKind } from './fields.js';
import { parseMapping } from './mapping.js';

type Row = typeof importMappings.$inferSelect & { createdByName: string | null };

function present(r: Row): SavedMapping {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    mapping: r.mapping as Record<string, unknown>,
    createdBy: r.createdBy ? { id: r.createdBy, name: r.createdByName ?? '' } : null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

async function select(db: Db, where: ReturnType<typeof and>): Promise<Row[]> {
  const rows = await db
    .select({ m: importMappings, createdByName: users.name })
    .from(importMappings)
    .leftJoin(users, eq(users.id, importMappings.createdBy))
    .where(where)
    .orderBy(asc(importMappings.kind), asc(sql`lower(${importMappings.name})`));
  return rows.map((r) => ({ ...r.m, createdByName: r.createdByName }));
}

const mayUse = (actor: Actor, kind: ImportKind) => hasRole(actor, ...rolesToImport(kind));

/** The saved mappings of the kinds the actor may import (of one kind when given), by kind and name. */
export async function listMappings(ctx: UseCaseContext, kind?: ImportKind): Promise<SavedMapping[]> {
  const rows = await select(ctx.db, kind ? eq(importMappings.kind, kind) : undefined);
  return rows.filter((r) => mayUse(ctx.actor, r.kind)).map(present);
}

/** Saves a checked mapping under its name (replacing the kind's mapping of that name); true when it was new. */
export async function saveMapping(ctx: UseCaseContext, input: SaveMapping): Promise<{ mapping: SavedMapping; isNew: boolean }> {
  assertMayImport(ctx.actor, input.kind);
  // imports.invalid: the mapping holds text the database cannot keep (a NUL, an unpaired surrogate).
  const bad = findBadText(input.mapping, ['mapping']);
  if (bad) throw invalid('imports.invalid', [bad]);
  // The checks an import makes, so a saved mapping is one an import takes (imports.bad_mapping, each problem at `mapping.<path>`).
  try {
    parseMapping(input.kind, input.mapping);
  } catch (err) {
    const e = err as { errors?: { path: string; message: string }[] };
    if (e.errors)
      throw invalid(
        'imports.bad_mapping',
        e.errors.map((x) => ({ path: `mapping.${x.path}`, message: x.message })),
      );
    throw err;
  }
  return await ctx.db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: importMappings.id })
      .from(importMappings)
      .where(and(eq(importMappings.kind, input.kind), eq(importMappings.name, input.name)));
    const values = { mapping: input.mapping, updatedAt: ctx.now };
    const [row] = existing
      ? await tx.update(importMappings).set(values).where(eq(importMappings.id, existing.id)).returning({ id: importMappings.id })
      : await tx
          .insert(importMappings)
          .values({ ...values, kind: input.kind, name: input.name, createdBy: ctx.actor.userId, createdAt: ctx.now })
          .returning({ id: importMappings.id });
    await recordAudit(
      tx,
      ctx.actor,
      {
        action: existing ? 'import_mappings.replace' : 'import_mappings.create',
        entity: 'import_mapping',
        entityId: row!.id,
        changes: { kind: input.kind, name: input.name },
      },
      ctx.now,
    );
    const [saved] = await select(tx, eq(importMappings.id, row!.id));
    return { mapping: present(saved!), isNew: !existing };
  });
}

// imports.mapping_not_found: no saved mapping has this id, or this name for the kind.
const mappingNotFound = (detail: string) => notFound('imports.mapping_not_found', detail);

/** The saved mapping of this kind and name (its document), for an import that names it. */
export async function mappingNamed(ctx: UseCaseContext, kind: ImportKind, name: string): Promise<Record<string, unknown>> {
  assertMayImport(ctx.actor, kind);
  const [row] = await ctx.db
    .select({ mapping: importMappings.mapping })
    .from(importMappings)
    .where(and(eq(importMappings.kind, kind), eq(importMappings.name, name.trim())));
  if (!row) {
    const names = (await select(ctx.db, eq(importMappings.kind, kind))).map((r) => `"${r.name}"`);
    throw mappingNotFound(
      `No saved mapping of ${kind} imports is named "${name.trim()}"${names.length ? ` (saved: ${names.join(', ')})` : ' (none is saved)'}.`,
    );
  }
  return row.mapping as Record<string, unknown>;
}

export async function deleteMapping(ctx: UseCaseContext, id: string): Promise<void> {
  const [row] = await ctx.db.select().from(importMappings).where(eq(importMappings.id, id));
  if (!row || !mayUse(ctx.actor, row.kind)) throw mappingNotFound('No saved mapping has this id.');
  await ctx.db.transaction(async (tx) => {
    await tx.delete(importMappings).where(eq(importMappings.id, id));
    await recordAudit(
      tx,
      ctx.actor,
      { action: 'import_mappings.delete', entity: 'import_mapping', entityId: id, changes: { kind: row.kind, name: row.name } },
      ctx.now,
    );
  });
}
