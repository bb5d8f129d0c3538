ALTER TABLE "activities" DROP CONSTRAINT "activities_kind_check";--> statement-breakpoint
ALTER TABLE "message_templates" DROP CONSTRAINT "message_templates_key_check";--> statement-breakpoint
ALTER TABLE "settings" ADD COLUMN "public_url" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "preferences_token_hash" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "list_unsubscribe" text;--> statement-breakpoint
CREATE UNIQUE INDEX "messages_preferences_token_key" ON "messages" USING btree ("preferences_token_hash");--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_kind_check" CHECK ("activities"."kind" in ('call', 'email', 'meeting', 'visit', 'note', 'thank_you_note', 'correction', 'portal_form', 'mail_preferences'));--> statement-breakpoint
ALTER TABLE "message_templates" ADD CONSTRAINT "message_templates_key_check" CHECK ("message_templates"."key" in ('tracking', 'progress_update', 'late_notice', 'correction', 'generic', 'thank_you_note', 'invitation', 'invitation_cancelled', 'escalation_notice'));