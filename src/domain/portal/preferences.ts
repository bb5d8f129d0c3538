// The mail-preferences page (docs/preferences.md): every progress message carries a link to it,
// and the contact chooses how many progress updates they get — the organisation's limit, at most
// one a week, or none. Essential mail (tracking, late notices, corrections, answers) comes either
// way. The link is the credential: its token's SHA-256 is on the message; it does not expire, so a
// mail from last year can still stop the next one. Every bad token gets the portal's one 404.
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { activities, contacts, messages } from '../../db/schema/index.js';
import { choiceOfLimit, hashPortalToken, limitOfChoice, PORTAL_TOKEN_PATTERN, type PreferenceChoice } from '../messages/index.js';
import { getSettings } from '../settings/index.js';
import { notFound, recordAudit, type Actor, type UseCaseContext } from '../shared/index.js';
import { PORTAL_NOT_FOUND_DETAIL } from './view.js';

export interface MailPreferences {
  orgName: string;
  contactName: string;
  email: string | null;
  choice: PreferenceChoice;
  /** The organisation's limit per 7 days: what "default" means. */
  defaultLimit: number;
}

interface Resolved {
  messageId: string;
  accountId: string;
  contact: typeof contacts.$inferSelect;
}

async function resolvePreferencesToken(db: Db, token: string): Promise<Resolved> {
  // portal.not_found: unknown or malformed — the one answer for every bad link.
  const unknown = () => notFound('portal.not_found', PORTAL_NOT_FOUND_DETAIL);
  if (!PORTAL_TOKEN_PATTERN.test(token)) throw unknown();
  const [row] = await db
    .select({ messageId: messages.id, accountId: contacts.accountId, contact: contacts })
    .from(messages)
    .innerJoin(contacts, eq(contacts.id, messages.contactId))
    .where(eq(messages.preferencesTokenHash, hashPortalToken(token)));
  if (!row) throw unknown();
  return row;
}

async function present(db: Db, contact: Resolved['contact']): Promise<MailPreferences> {
  const settings = await getSettings(db);
  return {
    orgName: settings.orgName,
    contactName: contact.name,
    email: contact.email,
    choice: choiceOfLimit(contact.updateLimit),
    defaultLimit: settings.defaultUpdateLimit,
  };
}

export async function getMailPreferences({ db }: Pick<UseCaseContext, 'db'>, token: string): Promise<MailPreferences> {
  const { contact } = await resolvePreferencesToken(db, token);
  return present(db, contact);
}

export interface SetMailPreferencesInput {
  token: string;
  choice: PreferenceChoice;
  /** 'page': chosen on the page; 'one_click': the mail client's unsubscribe button (RFC 8058). */
  via: 'page' | 'one_click';
  ip: string | null;
  requestId: string | null;
}

const CHOICE_WORDS: Record<PreferenceChoice, string> = {
  default: 'progress updates as usual',
  one: 'at most one progress update a week',
  none: 'no progress updates (tracking, late notices and answers still come)',
};

/**
 * The contact's choice, in one transaction: their update_limit, a timeline entry and an audit row.
 * Choosing what is already in force writes nothing (a second one-click changes nothing).
 */
export async function setMailPreferences(
  ctx: Pick<UseCaseContext, 'db' | 'now'>,
  input: SetMailPreferencesInput,
): Promise<MailPreferences> {
  const { now } = ctx;
  return ctx.db.transaction(async (tx) => {
    const { messageId, accountId, contact } = await resolvePreferencesToken(tx, input.token);
    if (choiceOfLimit(contact.updateLimit) !== input.choice) {
      const updateLimit = limitOfChoice(input.choice);
      await tx.update(contacts).set({ updateLimit, updatedAt: now }).where(eq(contacts.id, contact.id));
      const how =
        input.via === 'one_click' ? 'with the unsubscribe button of their mail program' : 'on the page linked from a progress update';
      await tx.insert(activities).values({
        accountId,
        contactId: contact.id,
        kind: 'mail_preferences',
        subject: `${contact.name} chose ${CHOICE_WORDS[input.choice].split(' (')[0]}`,
        body: `${contact.name} chose ${CHOICE_WORDS[input.choice]}, ${how}.`,
        actorId: null,
        taskId: null,
        occurredAt: now,
        createdAt: now,
      });
      const actor: Actor = {
        kind: 'system',
        userId: null,
        name: `${contact.name} (mail preferences link of message ${messageId})`,
        roles: [],
        ip: input.ip,
        requestId: input.requestId,
      };
      await recordAudit(
        tx,
        actor,
        {
          action: 'contacts.mail_preferences',
          entity: 'contact',
          entityId: contact.id,
          changes: { updateLimit: { from: contact.updateLimit, to: updateLimit }, via: input.via },
        },
        now,
      );
      return present(tx, { ...contact, updateLimit });
    }
    return present(tx, contact);
  });
}
