// Trigger matching (docs/domain.md §3): the event type, the horizon, and a JSON Logic condition evaluated
// by json-logic-engine — data, never eval. Pure: `now` is passed in.
import { LogicEngine } from 'json-logic-engine';
import { triggerEvents, type PlaybookDocument, type PlaybookEvent } from '../../../contract/playbooks.js';

const logic = new LogicEngine();

export interface TriggerEvent {
  type: string;
  occurredAt: Date;
  payload: Record<string, unknown>;
}

export type TriggerMatch = { ok: true } | { ok: false; reason: 'other_event' | 'outside_horizon' | 'condition_false' | 'condition_error' };

const DAY = 86_400_000;

/** History is history: an event older than horizonDays before now starts nothing. */
export function isWithinHorizon(occurredAt: Date, now: Date, horizonDays: number): boolean {
  return occurredAt.getTime() >= now.getTime() - horizonDays * DAY;
}

/** Evaluates a condition over the event's payload plus `settings`; an empty condition is true. */
export function evaluateCondition(condition: Record<string, unknown>, data: Record<string, unknown>): boolean {
  if (Object.keys(condition).length === 0) return true;
  return Boolean(logic.run(condition, data));
}

/** Whether a condition can be evaluated at all (unknown operators are refused at save time). */
export function checkCondition(condition: Record<string, unknown>): string | null {
  try {
    evaluateCondition(condition, {});
    return null;
  } catch (err) {
    return err instanceof Error && err.message ? err.message : 'is not a valid JSON Logic expression';
  }
}

export function matchTrigger(
  doc: Pick<PlaybookDocument, 'trigger' | 'horizonDays'>,
  event: TriggerEvent,
  settings: Record<string, unknown>,
  now: Date,
): TriggerMatch {
  if (!triggerEvents(doc.trigger).includes(event.type as PlaybookEvent)) return { ok: false, reason: 'other_event' };
  if (!isWithinHorizon(event.occurredAt, now, doc.horizonDays)) return { ok: false, reason: 'outside_horizon' };
  try {
    return evaluateCondition(doc.trigger.condition, { ...event.payload, settings })
      ? { ok: true }
      : { ok: false, reason: 'condition_false' };
  } catch {
    return { ok: false, reason: 'condition_error' };
  }
}
