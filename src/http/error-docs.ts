// docs/errors.md, rendered from the catalogue (contract/errors.ts) and the status table: an
// integrator reads every code there. `npm run docs:errors` writes it; error-docs.test.ts fails
// when the file is not what this renders.
import { ERROR_CATALOGUE, ERROR_CATEGORIES, type ErrorCode, type ErrorSpec } from '../../contract/errors.js';
import { STATUS, statusOf } from './plugins/errors.js';

const cell = (text: string) => text.replace(/\|/g, '\\|');
const statusText = (code: ErrorCode) => {
  const status = statusOf(code);
  return status === '4XX' ? '4xx' : String(status);
};

export function renderErrorDocs(): string {
  const lines = [
    '# Error codes',
    '',
    '<!-- Rendered from contract/errors.ts by `npm run docs:errors`; src/http/error-docs.test.ts fails when it is out of date. -->',
    '',
    'Every error the API answers is RFC 9457 problem+json (`Content-Type: application/problem+json`):',
    '',
    '```json',
    '{',
    '  "type": "https://rapport.dev/problems/orders/bad_transition",',
    '  "title": "Conflict",',
    '  "status": 409,',
    '  "detail": "An order cannot move from delivered to shipped. Allowed next: closed.",',
    '  "instance": "urn:rapport:request:4c5f0a7e-…",',
    '  "code": "orders.bad_transition",',
    '  "errors": [{ "path": "to", "message": "must be one of: closed" }],',
    '  "meta": { "from": "delivered", "to": "shipped", "allowed": ["closed"] }',
    '}',
    '```',
    '',
    '- Branch on `code`, never on `title` or `detail`: the words may change, a code does not. The web',
    '  client does the same (`web/src/lib/api.ts`: `ApiError.code` is typed by the catalogue).',
    '- `errors[]` names each field at fault (`path`, `message`). The bad rows of an import add `line`,',
    '  `column`, `value` and `reason`, and `code` when a rule refused the row (`orders.bad_transition`,',
    '  `orders.gate_open`, `quotes.bad_transition`, `quotes.reopen_forbidden`).',
    '- `meta` carries facts for a program (the `allowed` moves, `retryAfter`). A 429 or 503 carries',
    '  `Retry-After` (seconds) instead.',
    '- `instance` names the request; the server log has the same id.',
    '- Which codes a route may answer: the OpenAPI document (`GET /api/v1/openapi.json`) lists them',
    '  per operation in `x-error-codes`, and as a problem response per status whose `code` enum names',
    '  them. `not_found`, `request.bad_url` and `request.uri_too_long` can come before any route is chosen.',
    '',
    '## Status by category',
    '',
    '| Category | HTTP status |',
    '| --- | --- |',
    ...ERROR_CATEGORIES.map((category) => `| \`${category}\` | ${STATUS[category]} |`),
    '',
    'A few codes of the HTTP layer have their own status (413, 414, 415; `request.invalid`: the 4xx it names).',
  ];
  for (const area of Object.values(ERROR_CATALOGUE)) {
    lines.push('', `## ${area.title}`, '');
    if ('surface' in area)
      lines.push(
        'Not answered by the API: the `rapport` command prints the detail and exits with status 2 for an',
        '`invalid` code, 1 for any other (docs/cli.md).',
        '',
      );
    lines.push('| Code | Status | Category | When |', '| --- | --- | --- | --- |');
    for (const [code, spec] of Object.entries(area.codes) as [ErrorCode, ErrorSpec][]) {
      lines.push(`| \`${code}\` | ${'surface' in area ? '—' : statusText(code)} | ${spec.category} | ${cell(spec.when)} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}
