// The error catalogue: every problem code Rapport answers with, by area — its category (hence its
// HTTP status, src/http/plugins/errors.ts) and one line saying when. DomainError, sendProblem and
// the web's ApiError take `ErrorCode`, so a code that is not here does not compile; docs/errors.md
// and the OpenAPI document are rendered from it. A new code is one line here (a new entity: one
// area); then `npm run docs:errors`. Shared with the web: no node or DOM imports.

export const ERROR_CATEGORIES = [
  'invalid',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'unprocessable',
  'rate_limited',
  'unavailable',
  'internal',
] as const;
export type ErrorCategory = (typeof ERROR_CATEGORIES)[number];

export interface ErrorSpec {
  readonly category: ErrorCategory;
  /** One line: when this code is answered. */
  readonly when: string;
  /**
   * The HTTP status, for the few codes of the HTTP layer whose status is not their category's;
   * '4XX': the status the HTTP layer names.
   */
  readonly status?: 413 | 414 | 415 | '4XX';
}

export interface ErrorArea {
  readonly title: string;
  /** 'cli': answered by the command line (backup, restore, demo), never by the API. */
  readonly surface?: 'cli';
  readonly codes: Readonly<Record<string, ErrorSpec>>;
}

export const ERROR_CATALOGUE = {
  request: {
    title: 'Any request',
    codes: {
      'validation.invalid': {
        category: 'invalid',
        when: 'The body, query or path does not match the route’s schema, or a field holds text no field can store (NUL, an unpaired surrogate); errors[] names each field.',
      },
      'pagination.bad_cursor': { category: 'invalid', when: 'The cursor is not one this list handed out (or came from another sort).' },
      'request.invalid': {
        category: 'invalid',
        status: '4XX',
        when: 'The HTTP layer refused the request before the route read it (an empty or malformed JSON body, a multipart upload over a limit); the status is the one it names.',
      },
      'request.too_large': {
        category: 'invalid',
        status: 413,
        when: 'The request body is larger than 5 MB (a CSV goes to the import upload), or a file uploaded through the customer portal is.',
      },
      'request.unsupported_media_type': {
        category: 'invalid',
        status: 415,
        when: 'The Content-Type is not one the route reads (JSON; multipart/form-data for an import), or a file uploaded through the customer portal is not a PDF, PNG or JPEG by its first bytes and declared type.',
      },
      'request.uri_too_long': { category: 'invalid', status: 414, when: 'A path segment is longer than any id or key this API takes.' },
      'request.bad_url': { category: 'invalid', when: 'The URL’s path is not valid percent-encoded text.' },
      not_found: { category: 'not_found', when: 'No route has this method and path.' },
      'idempotency.bad_key': { category: 'invalid', when: 'The Idempotency-Key header is empty or longer than 200 characters.' },
      'idempotency.key_reused': { category: 'unprocessable', when: 'The Idempotency-Key was used before with a different request.' },
      'idempotency.in_progress': {
        category: 'conflict',
        when: 'The first request with this Idempotency-Key has not finished; retry after meta.retryAfter seconds.',
      },
      'conflict.duplicate': {
        category: 'conflict',
        when: 'A concurrent write took the same unique value first; errors[] names the field when it is known.',
      },
      rate_limited: { category: 'rate_limited', when: 'Too many requests from this address; retry after the Retry-After seconds.' },
      'database.unavailable': {
        category: 'unavailable',
        when: 'The database is restarting or unreachable; nothing was saved. Retry after the Retry-After seconds.',
      },
      internal: { category: 'internal', when: 'A fault on our side; it is logged with the request id given in instance.' },
    },
  },
  auth: {
    title: 'Sign-in, sessions and API tokens',
    codes: {
      'auth.required': { category: 'unauthenticated', when: 'The route needs a signed-in user and no session cookie or API token came.' },
      'auth.session_expired': {
        category: 'unauthenticated',
        when: 'The session cookie names a session that expired or was ended: sign in again.',
      },
      'auth.bad_token': { category: 'unauthenticated', when: 'The Bearer token is unknown or revoked.' },
      'auth.csrf': {
        category: 'forbidden',
        when: 'A cookie-authenticated write came without the session’s X-CSRF-Token header (or with a wrong one).',
      },
      'auth.forbidden': {
        category: 'forbidden',
        when: 'The caller lacks the role this action needs, or acts on another user’s object that only an admin may touch.',
      },
      'auth.session_required': {
        category: 'forbidden',
        when: 'An API token asked for a new API token: only a person signed in (a browser session) creates one.',
      },
      'auth.bad_credentials': { category: 'unauthenticated', when: 'The email and password do not match an active user.' },
      'auth.throttled': {
        category: 'rate_limited',
        when: 'Too many failed password checks for this email from this address (sign-in, password change); retry after Retry-After.',
      },
      'auth.wrong_password': { category: 'invalid', when: 'The current password given to confirm a password change is wrong.' },
      'auth.weak_password': {
        category: 'invalid',
        when: 'A new password is one of the most common or breached ones, is the user’s email, or is the password it replaces.',
      },
      'auth.current_password_required': {
        category: 'invalid',
        when: 'PATCH /users/{id} tried to change your own password: it changes at PATCH /me, confirmed by the current one.',
      },
      'auth.setup_invalid': {
        category: 'forbidden',
        when: 'The setup link is unknown, used or expired, or an admin exists already.',
      },
      'tokens.not_found': { category: 'not_found', when: 'No live API token has this id.' },
      'auth.not_demo': {
        category: 'forbidden',
        when: '"Sign in as" exists only in a sample company made by `rapport demo`; this database is not one.',
      },
      'auth.switch_forbidden': {
        category: 'forbidden',
        when: '"Sign in as" is for an admin of the sample company (or a sample staff member it switched to), with a session, to an active user.',
      },
    },
  },
  users: {
    title: 'Users',
    codes: {
      'users.not_found': { category: 'not_found', when: 'No user has this id.' },
      'users.email_taken': { category: 'conflict', when: 'Another user already has this email.' },
      'users.external_ref_taken': { category: 'conflict', when: 'Another user already has this external reference.' },
      'users.last_admin': { category: 'conflict', when: 'The change (or a users import) would leave Rapport without an active admin.' },
    },
  },
  settings: {
    title: 'Settings',
    codes: {
      'settings.invalid': {
        category: 'invalid',
        when: 'A setting is well-formed but wrong (unknown time zone or currency, a date that does not exist, money with too many decimals).',
      },
    },
  },
  accounts: {
    title: 'Accounts, contacts and hot buttons',
    codes: {
      'accounts.not_found': {
        category: 'not_found',
        when: 'No account has this id (also the accountId of a new order, quote or activity).',
      },
      'accounts.invalid': {
        category: 'invalid',
        when: 'A field is well-formed but wrong (unknown currency, time zone or team user; money with too many decimals); errors[] names each.',
      },
      'accounts.external_ref_taken': {
        category: 'conflict',
        when: 'Another account of the same kind already has this external reference.',
      },
      'contacts.not_found': { category: 'not_found', when: 'No contact has this id.' },
      'contacts.external_ref_taken': {
        category: 'conflict',
        when: 'Another contact of the same account already has this external reference.',
      },
      'hot_buttons.not_found': { category: 'not_found', when: 'The account has no hot button with this id.' },
    },
  },
  activities: {
    title: 'Activities',
    codes: {
      'activities.not_found': { category: 'not_found', when: 'No activity has this id (no route reads one activity today).' },
      'activities.invalid': {
        category: 'invalid',
        when: 'The contact or order is not the account’s, or the time is wrong; errors[] names each field.',
      },
    },
  },
  thank_you_notes: {
    title: 'Thank-you notes',
    codes: {
      'thank_you_notes.not_found': { category: 'not_found', when: 'No thank-you note has this id.' },
      'thank_you_notes.invalid': {
        category: 'invalid',
        when: 'The recipient does not fit its kind, an email has no address, or a follow-up comes without a reply; errors[] names each field.',
      },
    },
  },
  problems: {
    title: 'Problems',
    codes: {
      'problems.not_found': { category: 'not_found', when: 'No problem has this id.' },
      'problems.invalid': {
        category: 'invalid',
        when: 'A field of the problem does not fit: an unknown account or person, an order of another account, a preventive action without owner or due date; errors[] names each field.',
      },
      'problems.forbidden': {
        category: 'forbidden',
        when: 'Naming or confirming the responsible person, or closing a problem, by someone who is not a GM or an admin.',
      },
      'problems.status_blocked': {
        category: 'conflict',
        when: 'The status cannot move there: backwards, out of closed, fixed without a corrective action, or closed before the preventive action is done or marked not needed; errors[] names what is missing.',
      },
    },
  },
  orders: {
    title: 'Orders',
    codes: {
      'orders.not_found': { category: 'not_found', when: 'No order has this id.' },
      'orders.invalid': {
        category: 'invalid',
        when: 'A field of the order, its line or its transition is wrong (money, dates, unknown users, shipping fields); errors[] names each.',
      },
      'orders.number_taken': { category: 'conflict', when: 'Another order already has this number (numbers are unique across accounts).' },
      'orders.bad_transition': {
        category: 'conflict',
        when: 'The lifecycle does not allow this move; meta.allowed lists the moves it does.',
      },
      'orders.gate_open': {
        category: 'conflict',
        when: 'A playbook step gating this status is not done; the detail names it and what is missing (an admin may override).',
      },
      'orders.gate_override_forbidden': { category: 'forbidden', when: 'Only an admin may move an order past an open playbook gate.' },
    },
  },
  quotes: {
    title: 'Quotes',
    codes: {
      'quotes.not_found': { category: 'not_found', when: 'No quote has this id.' },
      'quotes.invalid': { category: 'invalid', when: 'A field of the quote or of its decision is wrong; errors[] names each.' },
      'quotes.number_taken': { category: 'conflict', when: 'Another quote already has this number.' },
      'quotes.bad_transition': {
        category: 'conflict',
        when: 'The quote’s status cannot move this way (decided quotes stay decided); meta.allowed lists the moves it can.',
      },
      'quotes.reopen_forbidden': { category: 'forbidden', when: 'Only an admin may reopen a decided quote.' },
    },
  },
  analytics: {
    title: 'Figures',
    codes: {
      'analytics.unknown_rep': { category: 'invalid', when: 'The rep filter names no user; errors[] names `rep`.' },
    },
  },
  playbooks: {
    title: 'Playbooks and tasks',
    codes: {
      'playbooks.not_found': { category: 'not_found', when: 'No playbook has this key.' },
      'playbooks.invalid': {
        category: 'invalid',
        when: 'The playbook document does not parse or validate; errors[] has the path, line and message of each problem.',
      },
      'tasks.not_found': { category: 'not_found', when: 'No task has this id.' },
      'tasks.invalid': { category: 'invalid', when: 'The assignment names no active user.' },
      'tasks.forbidden': {
        category: 'forbidden',
        when: 'The caller is neither the task’s assignee nor holds its role (nor is a GM or an admin), or a colleague holds it.',
      },
      'tasks.signoff_forbidden': { category: 'forbidden', when: 'A signer must hold one of the step’s sign-off roles.' },
      'tasks.not_signoff': { category: 'conflict', when: 'This task takes no sign-offs.' },
      'tasks.not_open': { category: 'conflict', when: 'The task waits for earlier steps, or is already done or skipped.' },
      'tasks.closed': { category: 'conflict', when: 'A done or skipped task cannot change hands.' },
      'tasks.evidence_missing': {
        category: 'invalid',
        when: 'Completing (or skipping) needs evidence the step asks for; errors[] names each missing field.',
      },
    },
  },
  imports: {
    title: 'Imports',
    codes: {
      'imports.not_found': { category: 'not_found', when: 'No import has this id.' },
      'imports.not_multipart': { category: 'invalid', when: 'The upload was not sent as multipart/form-data.' },
      'imports.invalid': {
        category: 'invalid',
        when: 'A form field of the upload is missing or wrong (kind, file, dryRun, encoding, overrideGates …).',
      },
      'imports.bad_mapping': {
        category: 'invalid',
        when: 'The mapping is not valid JSON, names an unknown field or column, or misses a required field.',
      },
      'imports.mapping_not_found': { category: 'not_found', when: 'No saved mapping has this id, or this name for the kind.' },
      'imports.bad_csv': { category: 'unprocessable', when: 'The file is not readable CSV (an unclosed quote, an empty file, no header).' },
      'imports.bad_workbook': {
        category: 'unprocessable',
        when: 'The Excel workbook cannot be imported: an old .xls, not an .xlsx, larger than 20 MB (save it as CSV), no such sheet (meta.sheets names those there are), or its sheet has no header or no data rows.',
      },
      'imports.bad_encoding': {
        category: 'unprocessable',
        when: 'A line of the file is not in its encoding (UTF-8 unless declared); meta.line names it.',
      },
      'imports.bad_row': {
        category: 'unprocessable',
        when: 'Rows are wrong and skipBadRows is off, so nothing was imported; errors[] has line, column, value and reason of each.',
      },
    },
  },
  webhooks: {
    title: 'ERP webhooks',
    codes: {
      'webhooks.missing_headers': {
        category: 'unauthenticated',
        when: 'The webhook-id, webhook-timestamp or webhook-signature header is missing.',
      },
      'webhooks.bad_timestamp': { category: 'unauthenticated', when: 'webhook-timestamp is not Unix seconds.' },
      'webhooks.stale_timestamp': {
        category: 'unauthenticated',
        when: 'webhook-timestamp is more than 5 minutes from now: refused as a possible replay.',
      },
      'webhooks.bad_signature': {
        category: 'unauthenticated',
        when: 'No webhook-signature matches a live secret: the body, id or timestamp was changed, or the secret is wrong.',
      },
      'webhooks.unknown_account': { category: 'unprocessable', when: 'The event’s accountRef names no customer or prospect account.' },
      'webhooks.unknown_user': { category: 'invalid', when: 'The event’s repRef or csrRef names no user.' },
      'webhooks.unknown_order': { category: 'not_found', when: 'The event names an order number Rapport does not have.' },
      'webhooks.unknown_quote': { category: 'not_found', when: 'The event names a quote number Rapport does not have.' },
      'webhooks.secret_not_found': { category: 'not_found', when: 'No signing secret has this id.' },
    },
  },
  webhook_endpoints: {
    title: 'Outbound webhooks',
    codes: {
      'webhook_endpoints.not_found': { category: 'not_found', when: 'No outbound webhook endpoint has this id.' },
      'webhook_endpoints.delivery_not_found': { category: 'not_found', when: 'No outbound webhook delivery has this id.' },
      'webhook_endpoints.not_retryable': {
        category: 'conflict',
        when: 'Only a failed delivery, or a pending one waiting for its next attempt, can be retried; a delivered one cannot.',
      },
      'webhook_endpoints.disabled': {
        category: 'conflict',
        when: 'The delivery’s endpoint is turned off: turn it on again before retrying its deliveries.',
      },
    },
  },
  portal: {
    title: 'Customer portal',
    codes: {
      'portal.link_not_found': { category: 'not_found', when: 'The account has no portal link with this id.' },
      'portal.document_not_found': { category: 'not_found', when: 'The account has no uploaded document with this id.' },
      'portal.invalid': {
        category: 'invalid',
        when: '"Send to us" without the fields a first shipment needs: where to ship, where to invoice (named in errors[]).',
      },
      'portal.not_found': {
        category: 'not_found',
        when: 'The portal link is unknown, expired, revoked or malformed: every bad link gets this same answer (docs/portal.md).',
      },
    },
  },
  surveys: {
    title: 'Transaction surveys',
    codes: {
      'surveys.not_found': { category: 'not_found', when: 'No survey has this key.' },
      'surveys.key_taken': { category: 'conflict', when: 'Another survey has this key.' },
      'surveys.invalid': {
        category: 'invalid',
        when: 'A survey that would ask no scale, or an invitation to a contact, order or survey this account cannot be sent (named in errors[]).',
      },
      'surveys.answer_invalid': {
        category: 'invalid',
        when: 'An answer with a score the survey does not ask, or with no score at all (named in errors[]).',
      },
    },
  },
  testimonials: {
    title: 'Testimonials',
    codes: {
      'testimonials.not_found': { category: 'not_found', when: 'No testimonial has this id.' },
      'testimonials.invalid': {
        category: 'invalid',
        when: 'The contact is not the account’s or has no address, or a pseudonym credit without the pseudonym (named in errors[]).',
      },
      'testimonials.not_allowed': {
        category: 'conflict',
        when: 'A decision its state does not take: withdrawing one never approved, approving one withdrawn.',
      },
    },
  },
  referrals: {
    title: 'Referrals',
    codes: {
      'referrals.not_eligible': {
        category: 'conflict',
        when: 'The account has not yet earned a referral ask; errors[] names each unmet condition (docs/referrals.md).',
      },
      'referrals.invalid': { category: 'invalid', when: 'The contact named is not the account’s (named in errors[]).' },
      'referrals.not_found': { category: 'not_found', when: 'No referral request has this id.' },
      'referrals.already_given': { category: 'conflict', when: 'The referral was recorded as given already.' },
    },
  },
  journeys: {
    title: 'Onboarding journeys',
    codes: {
      'journeys.already_started': { category: 'conflict', when: 'The account has its onboarding journey already (one per account).' },
      'journeys.not_a_customer': { category: 'conflict', when: 'The account is a supplier: an onboarding journey is for customers.' },
      'journeys.no_playbook': {
        category: 'conflict',
        when: 'No enabled playbook with stages starts on account.journey_started: turn the onboarding journey on under Playbooks.',
      },
    },
  },
  messages: {
    title: 'Messages and their templates',
    codes: {
      'messages.not_found': { category: 'not_found', when: 'No message has this id.' },
      'messages.invalid': {
        category: 'invalid',
        when: 'A message cannot be written: its contact is not the account’s or has no email address, or its order is another account’s (named in errors[]).',
      },
      'messages.not_retryable': {
        category: 'conflict',
        when: 'Only a failed message, or a queued one waiting for its next attempt, can be retried; a sent or suppressed one cannot.',
      },
      'messages.template_invalid': {
        category: 'invalid',
        when: 'A template does not render: a syntax error, an unknown filter or an unknown variable — errors[] names the part (subject, text, html), the name and the line.',
      },
      'messages.no_mail_server': {
        category: 'conflict',
        when: 'No mail server is configured (SMTP_URL and MAIL_FROM), so a test email cannot be sent.',
      },
      'messages.not_draft': {
        category: 'conflict',
        when: 'Only a draft can be edited or sent from the draft; this message is already queued, sent, failed or held back.',
      },
      'messages.draft_unfinished': {
        category: 'invalid',
        when: 'A draft still has a part in [[double brackets]] to write (errors[] names subject or text and the part); it cannot be sent until it is written.',
      },
    },
  },
  corrections: {
    title: 'Corrections',
    codes: {
      'corrections.invalid': {
        category: 'invalid',
        when: 'A correction cannot be recorded: its order is not the account’s, or its contact is not the account’s or has no email address (named in errors[]).',
      },
    },
  },
  jobs: {
    title: 'Background jobs',
    codes: {
      'jobs.not_found': { category: 'not_found', when: 'No failed job has this id (it may have been retried already).' },
    },
  },
  cli: {
    title: 'Command line: backup, restore and demo',
    surface: 'cli',
    codes: {
      'backup.bad_file': { category: 'invalid', when: 'The folder of the backup file to write does not exist.' },
      'backup.no_database': { category: 'not_found', when: 'The data folder holds no Rapport database to back up.' },
      'backup.not_found': { category: 'not_found', when: 'There is no backup file at the path given.' },
      'backup.unknown_format': { category: 'invalid', when: 'The file is neither a pg_dump custom-format archive nor a PGlite data dump.' },
      'backup.wrong_engine': {
        category: 'invalid',
        when: 'The backup is of the other engine than the one to restore into (PGlite or PostgreSQL).',
      },
      'backup.not_rapport': { category: 'invalid', when: 'The PGlite dump is not of a Rapport database.' },
      'backup.target_not_empty': {
        category: 'conflict',
        when: 'The data folder or database to restore into already holds data and --force was not given.',
      },
      'backup.tool_missing': { category: 'unavailable', when: 'pg_dump or pg_restore is not on PATH.' },
      'backup.tool_failed': { category: 'internal', when: 'pg_dump or pg_restore failed; its output is in the detail.' },
      'demo.not_empty': { category: 'conflict', when: 'The database already has accounts or orders; the demo fills only a fresh one.' },
      'demo.staff_clash': {
        category: 'conflict',
        when: 'An existing user has the email or external reference of a demo staff member.',
      },
    },
  },
} as const satisfies Readonly<Record<string, ErrorArea>>;

type Catalogue = typeof ERROR_CATALOGUE;
export type ErrorAreaName = keyof Catalogue;
type CodesOf<A extends ErrorAreaName> = Catalogue[A]['codes'];

/** Every code Rapport answers with. */
export type ErrorCode = { [A in ErrorAreaName]: keyof CodesOf<A> & string }[ErrorAreaName];

/** The category the catalogue gives a code. */
export type ErrorCategoryOf<C extends ErrorCode> = {
  [A in ErrorAreaName]: C extends keyof CodesOf<A> ? (CodesOf<A>[C] extends { category: infer K } ? K : never) : never;
}[ErrorAreaName];

/** The codes of one category: what `invalid()`, `notFound()`, `conflict()` and `forbidden()` accept. */
export type ErrorCodeOf<K extends ErrorCategory> = { [C in ErrorCode]: ErrorCategoryOf<C> extends K ? C : never }[ErrorCode];

export interface CataloguedError extends ErrorSpec {
  readonly code: ErrorCode;
  readonly area: ErrorAreaName;
}

/** The catalogue by code. */
export const ERRORS: Readonly<Record<ErrorCode, CataloguedError>> = Object.fromEntries(
  Object.entries(ERROR_CATALOGUE).flatMap(([area, { codes }]) =>
    Object.entries(codes as Readonly<Record<string, ErrorSpec>>).map(([code, spec]) => [code, { ...spec, code, area }]),
  ),
) as Record<ErrorCode, CataloguedError>;

export const ERROR_CODES = Object.keys(ERRORS) as readonly ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERRORS, value);
}
