CREATE TABLE "testimonials" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"contact_id" uuid,
	"proposed_text" text NOT NULL,
	"text" text,
	"credit" text,
	"pseudonym" text,
	"status" text DEFAULT 'requested' NOT NULL,
	"token_hash" text NOT NULL,
	"message_id" uuid,
	"requested_by" uuid,
	"requested_at" timestamp with time zone NOT NULL,
	"approved_at" timestamp with time zone,
	"declined_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	CONSTRAINT "testimonials_credit_check" CHECK ("testimonials"."credit" in ('full_name', 'initials', 'pseudonym')),
	CONSTRAINT "testimonials_status_check" CHECK ("testimonials"."status" in ('requested', 'approved', 'declined', 'withdrawn'))
);
--> statement-breakpoint
ALTER TABLE "activities" DROP CONSTRAINT "activities_kind_check";--> statement-breakpoint
ALTER TABLE "message_templates" DROP CONSTRAINT "message_templates_key_check";--> statement-breakpoint
ALTER TABLE "testimonials" ADD CONSTRAINT "testimonials_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "testimonials" ADD CONSTRAINT "testimonials_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "testimonials" ADD CONSTRAINT "testimonials_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "testimonials" ADD CONSTRAINT "testimonials_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "testimonials_token_key" ON "testimonials" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "testimonials_account_idx" ON "testimonials" USING btree ("account_id","requested_at");--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_kind_check" CHECK ("activities"."kind" in ('call', 'email', 'meeting', 'visit', 'note', 'thank_you_note', 'correction', 'portal_form', 'mail_preferences', 'survey_answer', 'problem', 'referral_request', 'testimonial'));--> statement-breakpoint
ALTER TABLE "message_templates" ADD CONSTRAINT "message_templates_key_check" CHECK ("message_templates"."key" in ('tracking', 'progress_update', 'late_notice', 'correction', 'generic', 'thank_you_note', 'invitation', 'invitation_cancelled', 'escalation_notice', 'survey_invitation', 'survey_reminder', 'testimonial_request'));