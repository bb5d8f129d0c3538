// One error type for the whole domain; the HTTP edge renders it as problem+json (RFC 9457). Its
// codes are the catalogue's (contract/errors.ts): a code that is not there does not compile, and
// the category comes from the catalogue, so a throw site cannot give a code another status.
import { ERRORS, type ErrorCategory, type ErrorCategoryOf, type ErrorCode, type ErrorCodeOf } from '../../../contract/errors.js';

export type { ErrorCategory, ErrorCode, ErrorCodeOf } from '../../../contract/errors.js';

export interface FieldError {
  path: string;
  message: string;
}

interface DomainErrorFields<C extends ErrorCode> {
  code: C;
  detail: string;
  errors?: FieldError[];
  meta?: Record<string, unknown>;
}

/**
 * A code, and no category: the error takes the catalogue's. A category given anyway (older throw
 * sites) must be the catalogue's, or it does not compile.
 */
export type DomainErrorInput =
  | (DomainErrorFields<ErrorCode> & { category?: undefined })
  | { [C in ErrorCode]: DomainErrorFields<C> & { category: ErrorCategoryOf<C> } }[ErrorCode];

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly category: ErrorCategory;
  readonly detail: string;
  readonly errors: FieldError[] | undefined;
  readonly meta: Record<string, unknown> | undefined;

  constructor(input: DomainErrorInput) {
    super(input.detail);
    this.name = 'DomainError';
    this.code = input.code;
    // A code outside the catalogue only gets here through a cast: it is a fault, answered as one.
    this.category = ERRORS[input.code]?.category ?? 'internal';
    this.detail = input.detail;
    this.errors = input.errors;
    this.meta = input.meta;
  }
}

/** A request that names a field wrongly: 400 with `errors[]` naming each field. */
export function invalid(code: ErrorCodeOf<'invalid'>, errors: FieldError[], detail?: string): DomainError {
  return new DomainError({ code, detail: detail ?? errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors });
}

export function notFound(code: ErrorCodeOf<'not_found'>, detail: string): DomainError {
  return new DomainError({ code, detail });
}

export function conflict(
  code: ErrorCodeOf<'conflict'>,
  detail: string,
  errors?: FieldError[],
  meta?: Record<string, unknown>,
): DomainError {
  return new DomainError({ code, detail, ...(errors ? { errors } : {}), ...(meta ? { meta } : {}) });
}

export function forbidden(code: ErrorCodeOf<'forbidden'>, detail: string): DomainError {
  return new DomainError({ code, detail });
}

/** Collects field errors, then throws them all at once. */
export class FieldErrors {
  readonly list: FieldError[] = [];
  add(path: string, message: string): void {
    this.list.push({ path, message });
  }
  throwIfAny(code: ErrorCodeOf<'invalid'> = 'validation.invalid'): void {
    if (this.list.length > 0) throw invalid(code, this.list);
  }
}
