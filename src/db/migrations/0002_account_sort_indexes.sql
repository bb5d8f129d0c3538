CREATE INDEX "accounts_created_idx" ON "accounts" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "accounts_potential_spend_idx" ON "accounts" USING btree ("potential_annual_spend","id");--> statement-breakpoint
CREATE UNIQUE INDEX "contacts_one_primary_key" ON "contacts" USING btree ("account_id") WHERE "contacts"."is_primary";