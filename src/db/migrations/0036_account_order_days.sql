ALTER TABLE "accounts" ADD COLUMN "first_order_on" date;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "second_order_on" date;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "last_order_on" date;--> statement-breakpoint
-- Filled from the orders' stored days (migration 0034), as src/domain/order-stats/ keeps them.
UPDATE accounts a
   SET first_order_on = (SELECT o.placed_on FROM orders o WHERE o.id = a.first_order_id),
       second_order_on = (SELECT o.placed_on FROM orders o WHERE o.id = a.second_order_id),
       last_order_on = (SELECT max(o.placed_on) FROM orders o WHERE o.account_id = a.id)
 WHERE a.order_count > 0;
