CREATE TABLE "problems" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"order_id" uuid,
	"source" text NOT NULL,
	"source_key" text,
	"category" text NOT NULL,
	"description" text NOT NULL,
	"root_cause" text,
	"origin" text,
	"responsible_user_id" uuid,
	"responsible_source" text,
	"responsible_confirmed_at" timestamp with time zone,
	"responsible_confirmed_by" uuid,
	"product_claim" text,
	"corrective_action" text,
	"preventive_action" text,
	"preventive_kind" text,
	"preventive_owner_id" uuid,
	"preventive_due_on" date,
	"preventive_task_id" uuid,
	"preventive_none_needed" boolean DEFAULT false NOT NULL,
	"preventive_none_reason" text,
	"status" text DEFAULT 'open' NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"fix_task_id" uuid,
	"opened_by" uuid,
	"opened_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "problems_source_check" CHECK ("problems"."source" in ('survey', 'call', 'installation', 'task', 'order', 'hot_button', 'other')),
	CONSTRAINT "problems_origin_check" CHECK ("problems"."origin" in ('sale_expectation', 'engineering', 'production', 'quality', 'shipping', 'documentation', 'training', 'support', 'product')),
	CONSTRAINT "problems_status_check" CHECK ("problems"."status" in ('open', 'fixing', 'fixed', 'prevented', 'closed')),
	CONSTRAINT "problems_preventive_kind_check" CHECK ("problems"."preventive_kind" in ('training', 'process')),
	CONSTRAINT "problems_responsible_source_check" CHECK ("problems"."responsible_source" in ('order_rep', 'quote_rep', 'hot_button', 'named')),
	CONSTRAINT "problems_closed_check" CHECK ("problems"."status" <> 'closed' or "problems"."preventive_none_needed" = false or "problems"."preventive_none_reason" is not null)
);
--> statement-breakpoint
ALTER TABLE "activities" DROP CONSTRAINT "activities_kind_check";--> statement-breakpoint
ALTER TABLE "webhook_endpoints" DROP CONSTRAINT "webhook_endpoints_event_types_check";--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "problem_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "problems" ADD CONSTRAINT "problems_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "problems" ADD CONSTRAINT "problems_responsible_user_id_users_id_fk" FOREIGN KEY ("responsible_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "problems" ADD CONSTRAINT "problems_responsible_confirmed_by_users_id_fk" FOREIGN KEY ("responsible_confirmed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "problems" ADD CONSTRAINT "problems_preventive_owner_id_users_id_fk" FOREIGN KEY ("preventive_owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "problems" ADD CONSTRAINT "problems_preventive_task_id_tasks_id_fk" FOREIGN KEY ("preventive_task_id") REFERENCES "public"."tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "problems" ADD CONSTRAINT "problems_fix_task_id_tasks_id_fk" FOREIGN KEY ("fix_task_id") REFERENCES "public"."tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "problems" ADD CONSTRAINT "problems_opened_by_users_id_fk" FOREIGN KEY ("opened_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "problems_source_key" ON "problems" USING btree ("source_key");--> statement-breakpoint
CREATE INDEX "problems_account_idx" ON "problems" USING btree ("account_id","opened_at");--> statement-breakpoint
CREATE INDEX "problems_opened_idx" ON "problems" USING btree ("opened_at","id");--> statement-breakpoint
CREATE INDEX "problems_origin_idx" ON "problems" USING btree ("origin","opened_at");--> statement-breakpoint
CREATE INDEX "problems_responsible_idx" ON "problems" USING btree ("responsible_user_id","opened_at");--> statement-breakpoint
CREATE INDEX "problems_preventive_task_idx" ON "problems" USING btree ("preventive_task_id");--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_kind_check" CHECK ("activities"."kind" in ('call', 'email', 'meeting', 'visit', 'note', 'thank_you_note', 'correction', 'portal_form', 'mail_preferences', 'survey_answer', 'problem'));--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_event_types_check" CHECK ("webhook_endpoints"."event_types" <@ array['order.created', 'order.status_changed', 'order.late_risk', 'order.shipped', 'order.delivered', 'quote.sent', 'quote.won', 'quote.lost', 'quote.expired', 'account.neglected', 'account.rhythm_overdue', 'problem.opened']::text[]);