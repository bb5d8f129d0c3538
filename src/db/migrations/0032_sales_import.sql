ALTER TABLE "import_mappings" DROP CONSTRAINT "import_mappings_kind_check";--> statement-breakpoint
ALTER TABLE "imports" DROP CONSTRAINT "imports_kind_check";--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "breakdown" jsonb;--> statement-breakpoint
ALTER TABLE "import_mappings" ADD CONSTRAINT "import_mappings_kind_check" CHECK ("import_mappings"."kind" in ('sales', 'accounts', 'suppliers', 'users', 'contacts', 'orders', 'order-lines', 'quotes'));--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_kind_check" CHECK ("imports"."kind" in ('sales', 'accounts', 'suppliers', 'users', 'contacts', 'orders', 'order-lines', 'quotes'));