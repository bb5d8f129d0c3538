CREATE TABLE "journey_stages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"position" integer NOT NULL,
	"entered_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	CONSTRAINT "journey_stages_stage_check" CHECK ("journey_stages"."stage" in ('scheduling', 'installation', 'training', 'technical_support', 'service_contract', 'parts_consumables'))
);
--> statement-breakpoint
ALTER TABLE "settings" ADD COLUMN "journey_start" text DEFAULT 'first_delivery' NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "stage" text;--> statement-breakpoint
ALTER TABLE "journey_stages" ADD CONSTRAINT "journey_stages_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journey_stages" ADD CONSTRAINT "journey_stages_run_id_playbook_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."playbook_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "journey_stages_run_stage_key" ON "journey_stages" USING btree ("run_id","stage");--> statement-breakpoint
CREATE INDEX "journey_stages_account_idx" ON "journey_stages" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "tasks_stage_due_idx" ON "tasks" USING btree ("due_at") WHERE "tasks"."stage" is not null;--> statement-breakpoint
ALTER TABLE "settings" ADD CONSTRAINT "settings_journey_start_check" CHECK ("settings"."journey_start" in ('first_delivery', 'by_hand'));--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_stage_check" CHECK ("tasks"."stage" in ('scheduling', 'installation', 'training', 'technical_support', 'service_contract', 'parts_consumables'));