-- Issue 9, defect 3: imports wrote an order or quote event's changes through jsonb_strip_nulls,
-- which dropped the empty side of a field filled or emptied for the first time ({"to": …} without
-- "from"), and the order page then failed for good. Give every such change both sides.
update order_events e
   set changes = (select jsonb_object_agg(x.k, case when jsonb_typeof(x.v) = 'object'
                                                   then (x.v - 'from' - 'to') || jsonb_build_object('from', coalesce(x.v -> 'from', 'null'::jsonb), 'to', coalesce(x.v -> 'to', 'null'::jsonb))
                                                   else x.v end)
                    from jsonb_each(e.changes) as x(k, v))
 where jsonb_typeof(e.changes) = 'object'
   and exists (select 1 from jsonb_each(e.changes) as x(k, v) where jsonb_typeof(x.v) = 'object' and not (x.v ? 'from' and x.v ? 'to'));
--> statement-breakpoint
update quote_events e
   set changes = (select jsonb_object_agg(x.k, case when jsonb_typeof(x.v) = 'object'
                                                   then (x.v - 'from' - 'to') || jsonb_build_object('from', coalesce(x.v -> 'from', 'null'::jsonb), 'to', coalesce(x.v -> 'to', 'null'::jsonb))
                                                   else x.v end)
                    from jsonb_each(e.changes) as x(k, v))
 where jsonb_typeof(e.changes) = 'object'
   and exists (select 1 from jsonb_each(e.changes) as x(k, v) where jsonb_typeof(x.v) = 'object' and not (x.v ? 'from' and x.v ? 'to'));
