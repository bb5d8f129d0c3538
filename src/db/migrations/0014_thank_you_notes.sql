CREATE TABLE "thank_you_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"author_id" uuid NOT NULL,
	"recipient_kind" text NOT NULL,
	"account_id" uuid,
	"contact_id" uuid,
	"recipient_user_id" uuid,
	"channel" text NOT NULL,
	"body" text NOT NULL,
	"written_at" timestamp with time zone NOT NULL,
	"written_on" date NOT NULL,
	"activity_id" uuid,
	"message_id" uuid,
	"outcome" text DEFAULT 'none' NOT NULL,
	"outcome_at" timestamp with time zone,
	"outcome_by" uuid,
	"follow_up_task_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "thank_you_notes_recipient_kind_check" CHECK ("thank_you_notes"."recipient_kind" in ('customer', 'supplier', 'colleague')),
	CONSTRAINT "thank_you_notes_channel_check" CHECK ("thank_you_notes"."channel" in ('card', 'email')),
	CONSTRAINT "thank_you_notes_outcome_check" CHECK ("thank_you_notes"."outcome" in ('none', 'replied', 'called_back', 'new_quote', 'order_placed', 'order_increased')),
	CONSTRAINT "thank_you_notes_recipient_check" CHECK (("thank_you_notes"."recipient_kind" = 'colleague' and "thank_you_notes"."recipient_user_id" is not null and "thank_you_notes"."account_id" is null)
        or ("thank_you_notes"."recipient_kind" <> 'colleague' and "thank_you_notes"."account_id" is not null and "thank_you_notes"."recipient_user_id" is null))
);
--> statement-breakpoint
ALTER TABLE "activities" DROP CONSTRAINT "activities_kind_check";--> statement-breakpoint
ALTER TABLE "message_templates" DROP CONSTRAINT "message_templates_key_check";--> statement-breakpoint
ALTER TABLE "settings" ADD COLUMN "thank_you_roles" text[] DEFAULT '{csr}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "settings" ADD COLUMN "thank_you_per_day" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "settings" ADD COLUMN "thank_you_window_days" integer DEFAULT 60 NOT NULL;--> statement-breakpoint
ALTER TABLE "thank_you_notes" ADD CONSTRAINT "thank_you_notes_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "thank_you_notes" ADD CONSTRAINT "thank_you_notes_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "thank_you_notes" ADD CONSTRAINT "thank_you_notes_recipient_user_id_users_id_fk" FOREIGN KEY ("recipient_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "thank_you_notes" ADD CONSTRAINT "thank_you_notes_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "thank_you_notes" ADD CONSTRAINT "thank_you_notes_outcome_by_users_id_fk" FOREIGN KEY ("outcome_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "thank_you_notes" ADD CONSTRAINT "thank_you_notes_follow_up_task_id_tasks_id_fk" FOREIGN KEY ("follow_up_task_id") REFERENCES "public"."tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "thank_you_notes_written_idx" ON "thank_you_notes" USING btree ("written_at","id");--> statement-breakpoint
CREATE INDEX "thank_you_notes_author_idx" ON "thank_you_notes" USING btree ("author_id","written_on");--> statement-breakpoint
CREATE INDEX "thank_you_notes_account_idx" ON "thank_you_notes" USING btree ("account_id","written_at");--> statement-breakpoint
ALTER TABLE "settings" ADD CONSTRAINT "settings_thank_you_roles_check" CHECK ("settings"."thank_you_roles" <@ array['admin', 'gm', 'sales', 'csr', 'quality', 'quality_manager', 'operations', 'engineering', 'shipping', 'service', 'executive']::text[]);--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_kind_check" CHECK ("activities"."kind" in ('call', 'email', 'meeting', 'visit', 'note', 'thank_you_note'));--> statement-breakpoint
ALTER TABLE "message_templates" ADD CONSTRAINT "message_templates_key_check" CHECK ("message_templates"."key" in ('tracking', 'progress_update', 'late_notice', 'correction', 'generic', 'thank_you_note'));