-- Decision 0023: an order written by an import in short transactions (a large file on PGlite) is
-- seen only by that import until the import is published; then by everyone, all at once. The
-- policy applies to roles that are neither superusers nor (without FORCE) the table's owner: on
-- PGlite the app's connection runs as such a role (src/db/app-role.ts), which also forces the
-- policy. On PostgreSQL no order is ever staged, so the policy never hides one.
ALTER TABLE "orders" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "orders_staged_import" ON "orders"
  USING (
    "staged_import_id" IS NULL
    OR "staged_import_id" = nullif(current_setting('rapport.import', true), '')::uuid
    OR "staged_import_id" IN (SELECT "id" FROM "imports" WHERE "is_published")
  );
