// Editing a playbook makes a new version (docs/domain.md §3); running runs keep theirs.
import { and, desc, eq } from 'drizzle-orm';
import type { PlaybookDetail, PlaybookIssue } from '../../../contract/playbooks.js';
import { playbooks } from '../../db/schema/index.js';
import { assertRole, DomainError, recordAudit, type UseCaseContext } from '../shared/index.js';
import { parsePlaybookSource } from './parse-playbook.js';
import { getPlaybook } from './queries.js';

// playbooks.invalid: the document does not parse or validate; errors[] has path, line and message.
const invalidDocument = (issues: PlaybookIssue[]) =>
  new DomainError({
    code: 'playbooks.invalid',
    category: 'invalid',
    detail: issues.map((i) => `${i.line !== null ? `line ${i.line}: ` : ''}${i.path}: ${i.message}`).join('; '),
    errors: issues,
  });

export interface SavePlaybookInput {
  key: string;
  /** The YAML document. */
  source: string;
}

export async function savePlaybook(ctx: UseCaseContext, { key, source }: SavePlaybookInput): Promise<PlaybookDetail> {
  const { actor, now } = ctx;
  assertRole(actor, 'admin');
  const parsed = parsePlaybookSource(source);
  if (!parsed.ok) throw invalidDocument(parsed.issues);
  if (parsed.document.key !== key)
    throw invalidDocument([{ path: 'key', line: null, message: `must be "${key}", the key in the address` }]);
  await ctx.db.transaction(async (tx) => {
    const [latest] = await tx
      .select()
      .from(playbooks)
      .where(eq(playbooks.key, key))
      .orderBy(desc(playbooks.version))
      .limit(1)
      .for('update');
    const version = (latest?.version ?? 0) + 1;
    await tx
      .update(playbooks)
      .set({ isCurrent: false })
      .where(and(eq(playbooks.key, key), eq(playbooks.isCurrent, true)));
    await tx.insert(playbooks).values({
      key,
      version,
      name: parsed.document.name,
      document: parsed.document,
      source,
      isBuiltin: false,
      isCurrent: true,
      isEnabled: latest?.isEnabled ?? true,
      createdBy: actor.userId,
      createdAt: now,
    });
    await recordAudit(tx, actor, { action: 'playbooks.save', entity: 'playbook', entityId: key, changes: { version } }, now);
  });
  return getPlaybook(ctx.db, key);
}
