ALTER TABLE "orders" ADD COLUMN "staged_import_id" uuid;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "is_published" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "imports_published_idx" ON "imports" USING btree ("id") WHERE "imports"."is_published";