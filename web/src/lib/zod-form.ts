// Forms validate as you type with the server's own rules (docs/ux.md): the shared zod schema is the
// validator, and the server's errors[] land on the same field paths.
import type { FormErrors } from '@mantine/form';
import type { z } from 'zod';
import { ApiError } from './api';

/** Contract messages are written to follow the field name ("must not be empty"); under a label they read as a sentence. */
export function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/**
 * A @mantine/form `validate` function from a zod schema. `toInput` maps the form's values (strings
 * in inputs) to what the API receives, so the same schema judges both. Issue paths become the
 * form's dotted paths (`team.0.userId`); `extra` adds rules that live only in the form (a
 * password confirmation).
 */
export function zodValidate<V>(
  schema: z.ZodType,
  toInput: (values: V) => unknown = (v) => v,
  extra?: (values: V) => FormErrors,
): (values: V) => FormErrors {
  return (values) => {
    const errors: FormErrors = {};
    const result = schema.safeParse(toInput(values));
    if (!result.success) {
      for (const issue of result.error.issues) {
        const path = issue.path.map(String).join('.') || '(root)';
        if (!(path in errors)) errors[path] = sentence(issue.message);
      }
    }
    return { ...errors, ...(extra?.(values) ?? {}) };
  };
}

/**
 * Options for useForm so every form behaves the same: validate each field as it changes, at once.
 * Not debounced: a check still waiting on a timer when the form is sent would run after the
 * server's answer and wipe the error it put on that field ("is already taken" vanished in CI when
 * the answer came back within the debounce).
 */
export const asYouType = { validateInputOnChange: true } as const;

/**
 * Put a failed request's field errors on the form's fields. Returns what could not be placed on a
 * field (the problem's detail, or errors naming unknown paths) for an alert above the form.
 */
export function applyServerErrors(
  form: { setErrors: (errors: FormErrors) => void },
  err: unknown,
  fields: readonly string[],
): string | null {
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : 'Something went wrong. Try again.';
  const placed: FormErrors = {};
  const unplaced: string[] = [];
  for (const e of err.problem.errors ?? []) {
    const root = e.path.split('.')[0] ?? e.path;
    if (fields.includes(e.path) || fields.includes(root)) placed[e.path] = sentence(e.message);
    else unplaced.push(`${e.path} ${e.message}`);
  }
  form.setErrors(placed);
  if (Object.keys(placed).length > 0 && unplaced.length === 0) return null;
  return unplaced.length > 0 && !err.problem.detail ? unplaced.join('; ') : (err.problem.detail ?? err.message);
}
