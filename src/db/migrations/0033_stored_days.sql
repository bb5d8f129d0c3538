ALTER TABLE "accounts" ADD COLUMN "second_order_id" uuid;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "second_order_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "placed_on" date;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "shipped_on" date;