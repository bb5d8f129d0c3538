// "Send test email" (settings): one mail through the configured server, and what the server answered.
import type { SendTestEmail, TestEmailResult } from '../../../contract/messages.js';
import { assertRole, conflict, randomSecret, recordAudit, type UseCaseContext } from '../shared/index.js';
import { getSettings } from '../settings/index.js';
import { describeMailError, messageIdHeader, smtpMailer, type Mailer, type MailServer } from './mailer.js';

export async function sendTestEmail(
  ctx: UseCaseContext,
  { to, server, mailer }: SendTestEmail & { server: MailServer | null; mailer?: Mailer },
): Promise<TestEmailResult> {
  const { actor, now } = ctx;
  assertRole(actor, 'admin');
  // messages.no_mail_server: no SMTP_URL / MAIL_FROM, so there is nothing to test.
  if (!server) throw conflict('messages.no_mail_server', 'No mail server is configured: set SMTP_URL and MAIL_FROM and restart Rapport.');
  const orgName = (await getSettings(ctx.db)).orgName;
  const messageId = messageIdHeader(`test-${randomSecret(12)}`, server.from);
  const transport = mailer ?? smtpMailer(server);
  let result: TestEmailResult;
  try {
    const sent = await transport.send({
      messageId,
      to,
      replyTo: null,
      subject: `Test email from Rapport (${orgName})`,
      text: `This is a test email from Rapport for ${orgName}, sent by ${actor.name}.\nIf you can read it, mail to customers will go out through this server.\n`,
      html: `<p>This is a test email from Rapport. If you can read it, mail to customers will go out through this server.</p>`,
    });
    result = { ok: true, response: sent.response, code: null, messageId };
  } catch (err) {
    const failure = describeMailError(err);
    result = { ok: false, response: failure.response, code: failure.code, messageId: null };
  } finally {
    if (!mailer) transport.close();
  }
  await recordAudit(
    ctx.db,
    actor,
    { action: 'messages.test_email', entity: 'settings', entityId: '1', changes: { to, ok: result.ok, response: result.response } },
    now,
  );
  return result;
}
