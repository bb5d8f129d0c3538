CREATE INDEX "orders_amount_idx" ON "orders" USING btree ("amount","id");--> statement-breakpoint
CREATE INDEX "orders_promised_idx" ON "orders" USING btree ("promised_date","id");