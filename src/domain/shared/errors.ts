// One error type for the whole domain; the HTTP edge renders it as problem+json (RFC 9457).

export type ErrorCategory =
  'invalid' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'unprocessable' | 'rate_limited' | 'unavailable' | 'internal';

export interface FieldError {
  path: string;
  message: string;
}

export interface DomainErrorInput {
  code: string;
  category: ErrorCategory;
  detail: string;
  errors?: FieldError[];
  meta?: Record<string, unknown>;
}

export class DomainError extends Error {
  readonly code: string;
  readonly category: ErrorCategory;
  readonly detail: string;
  readonly errors: FieldError[] | undefined;
  readonly meta: Record<string, unknown> | undefined;

  constructor(input: DomainErrorInput) {
    super(input.detail);
    this.name = 'DomainError';
    this.code = input.code;
    this.category = input.category;
    this.detail = input.detail;
    this.errors = input.errors;
    this.meta = input.meta;
  }
}

/** A request that names a field wrongly: 400 with `errors[]` naming each field. */
export function invalid(code: string, errors: FieldError[], detail?: string): DomainError {
  return new DomainError({
    code,
    category: 'invalid',
    detail: detail ?? errors.map((e) => `${e.path}: ${e.message}`).join('; '),
    errors,
  });
}

export function notFound(code: string, detail: string): DomainError {
  return new DomainError({ code, category: 'not_found', detail });
}

export function conflict(code: string, detail: string, errors?: FieldError[], meta?: Record<string, unknown>): DomainError {
  return new DomainError({ code, category: 'conflict', detail, ...(errors ? { errors } : {}), ...(meta ? { meta } : {}) });
}

export function forbidden(code: string, detail: string): DomainError {
  return new DomainError({ code, category: 'forbidden', detail });
}

/** Collects field errors, then throws them all at once. */
export class FieldErrors {
  readonly list: FieldError[] = [];
  add(path: string, message: string): void {
    this.list.push({ path, message });
  }
  throwIfAny(code = 'validation.invalid'): void {
    if (this.list.length > 0) throw invalid(code, this.list);
  }
}
