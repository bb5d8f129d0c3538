ALTER TABLE "settings" ADD COLUMN "is_demo" boolean DEFAULT false NOT NULL;
