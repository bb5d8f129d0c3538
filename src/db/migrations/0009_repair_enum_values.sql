-- Issue 14: status and kind columns get CHECK constraints in the next migration, and every row
-- must pass them. `rapport demo` wrote a quote's first event as kind 'created' where the API and
-- the imports write 'sent' (its timeline read "Quote Q-1: Created" instead of "Quote Q-1 sent"):
-- one kind for a sent quote. Every other status and kind was written from the lists the checks use.
update quote_events set kind = 'sent' where kind = 'created';
