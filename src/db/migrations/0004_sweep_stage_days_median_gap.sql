CREATE TABLE "sweep_episodes" (
	"kind" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"episode" text NOT NULL,
	"event_id" bigint NOT NULL,
	"swept_on" date NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sweep_episodes_kind_subject_id_episode_pk" PRIMARY KEY("kind","subject_id","episode")
);
--> statement-breakpoint
ALTER TABLE "settings" ADD COLUMN "stage_days" jsonb DEFAULT '{"received":1,"data_review":2,"in_production":10,"inspection":2,"ready_to_ship":1}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "median_gap_days" real;--> statement-breakpoint
-- Backfill: the median of the days between consecutive order dates (account timezone, else the
-- organisation's) of every account with two or more orders; refreshAccountOrderStats keeps it after.
UPDATE "accounts" a SET "median_gap_days" = g.median
  FROM (
    SELECT d.account_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY d.gap::float8) AS median
      FROM (
        SELECT o.account_id,
               (o.placed_at AT TIME ZONE z.tz)::date
                 - lag((o.placed_at AT TIME ZONE z.tz)::date) OVER (PARTITION BY o.account_id ORDER BY o.placed_at, o.number, o.id) AS gap
          FROM "orders" o
          JOIN "accounts" x ON x.id = o.account_id
          CROSS JOIN LATERAL (SELECT coalesce(x.timezone, (SELECT s.timezone FROM "settings" s WHERE s.id = 1), 'UTC') AS tz) z
      ) d
     WHERE d.gap IS NOT NULL
     GROUP BY d.account_id
  ) g
 WHERE a.id = g.account_id;
