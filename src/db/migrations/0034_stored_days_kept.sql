-- Decision 0022: an order's placed and shipped days in its account's (else the organisation's)
-- timezone are stored, and the database keeps them: on insert (unless the writer gave them, as the
-- set-based orders import does), when an order's times or account change, and when an account's
-- or the organisation's timezone changes. Then every stored fact is filled once from the rows.
CREATE FUNCTION orders_local_days() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  zone text;
BEGIN
  SELECT a.timezone INTO zone FROM accounts a WHERE a.id = NEW.account_id;
  IF zone IS NULL THEN
    SELECT s.timezone INTO zone FROM settings s WHERE s.id = 1;
  END IF;
  zone := coalesce(zone, 'UTC');
  NEW.placed_on := (NEW.placed_at AT TIME ZONE zone)::date;
  NEW.shipped_on := (NEW.shipped_at AT TIME ZONE zone)::date;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER orders_local_days_on_insert BEFORE INSERT ON orders FOR EACH ROW
  WHEN (NEW.placed_on IS NULL OR (NEW.shipped_at IS NOT NULL AND NEW.shipped_on IS NULL))
  EXECUTE FUNCTION orders_local_days();
--> statement-breakpoint
CREATE TRIGGER orders_local_days_on_update BEFORE UPDATE OF placed_at, shipped_at, account_id ON orders FOR EACH ROW
  WHEN (OLD.placed_at IS DISTINCT FROM NEW.placed_at OR OLD.shipped_at IS DISTINCT FROM NEW.shipped_at
        OR OLD.account_id IS DISTINCT FROM NEW.account_id)
  EXECUTE FUNCTION orders_local_days();
--> statement-breakpoint
CREATE FUNCTION accounts_timezone_days() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  zone text;
BEGIN
  zone := coalesce(NEW.timezone, (SELECT s.timezone FROM settings s WHERE s.id = 1), 'UTC');
  UPDATE orders o
     SET placed_on = (o.placed_at AT TIME ZONE zone)::date,
         shipped_on = (o.shipped_at AT TIME ZONE zone)::date
   WHERE o.account_id = NEW.id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER accounts_timezone_days AFTER UPDATE OF timezone ON accounts FOR EACH ROW
  WHEN (OLD.timezone IS DISTINCT FROM NEW.timezone)
  EXECUTE FUNCTION accounts_timezone_days();
--> statement-breakpoint
CREATE FUNCTION settings_timezone_days() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE orders o
     SET placed_on = (o.placed_at AT TIME ZONE NEW.timezone)::date,
         shipped_on = (o.shipped_at AT TIME ZONE NEW.timezone)::date
    FROM accounts a
   WHERE a.id = o.account_id AND a.timezone IS NULL;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER settings_timezone_days AFTER UPDATE OF timezone ON settings FOR EACH ROW
  WHEN (OLD.timezone IS DISTINCT FROM NEW.timezone)
  EXECUTE FUNCTION settings_timezone_days();
--> statement-breakpoint
UPDATE orders o
   SET placed_on = (o.placed_at AT TIME ZONE z.zone)::date,
       shipped_on = (o.shipped_at AT TIME ZONE z.zone)::date
  FROM (SELECT a.id, coalesce(a.timezone, (SELECT s.timezone FROM settings s WHERE s.id = 1), 'UTC') AS zone FROM accounts a) z
 WHERE z.id = o.account_id;
--> statement-breakpoint
-- Every account's order statistics again, as src/domain/order-stats/account-stats.ts computes them, now
-- with the second order: earlier releases kept them for lists only.
UPDATE accounts a
   SET order_count = coalesce(s.n, 0),
       first_order_id = s.first_id,
       first_order_at = s.first_at,
       second_order_id = s.second_id,
       second_order_at = s.second_at,
       last_order_at = s.last_at,
       median_gap_days = s.median_gap
  FROM (
    SELECT x.id AS account_id, count(o.id)::int AS n,
           (array_agg(o.id) FILTER (WHERE o.rn = 1))[1] AS first_id,
           min(o.placed_at) AS first_at,
           (array_agg(o.id) FILTER (WHERE o.rn = 2))[1] AS second_id,
           min(o.placed_at) FILTER (WHERE o.rn = 2) AS second_at,
           max(o.placed_at) AS last_at,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY o.gap::float8) AS median_gap
      FROM accounts x
      LEFT JOIN (
        SELECT o.account_id, o.id, o.placed_at,
               row_number() OVER w AS rn,
               o.placed_on - lag(o.placed_on) OVER w AS gap
          FROM orders o
        WINDOW w AS (PARTITION BY o.account_id ORDER BY o.placed_at, o.number, o.id)
      ) o ON o.account_id = x.id
     GROUP BY x.id
  ) s
 WHERE a.id = s.account_id;
