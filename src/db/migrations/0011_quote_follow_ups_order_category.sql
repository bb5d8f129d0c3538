ALTER TABLE "orders" ADD COLUMN "category" text DEFAULT 'product' NOT NULL;--> statement-breakpoint
CREATE INDEX "tasks_quote_idx" ON "tasks" USING btree ("quote_id");--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_category_check" CHECK ("orders"."category" in ('product', 'service_contract', 'parts_consumables', 'repair'));