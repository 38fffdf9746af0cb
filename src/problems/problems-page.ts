import { PROBLEMS } from './problem-catalogue';
import { codesByStatus, RETRY_AFTER_SECONDS, statusesOf } from './problem-codes';
import { problemType } from './problem-type';

const STATUS_NAMES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** `docs/problems.md`, rendered from the catalogue; `npm run docs:problems` writes it. */
export function renderProblemsPage(): string {
  const lines = [
    '# Problem codes',
    '',
    '<!-- Generated from src/problems/problem-catalogue.ts by `npm run docs:problems`; edit the catalogue, not this page. -->',
    '',
    'Every error of the API is answered as `application/problem+json` (RFC 9457):',
    '',
    '```json',
    '{',
    `  "type": "${problemType('mass-balance-violated')}",`,
    `  "title": "${PROBLEMS['mass-balance-violated'].title}",`,
    '  "status": 422,',
    '  "detail": "The outputs contain 28000000 g of lithium but the inputs give up only 27450000 g.",',
    '  "instance": "/v1/transformations",',
    '  "code": "mass-balance-violated",',
    '  "errors": [{ "field": "outputs", "message": "The outputs contain 28000000 g of lithium but the inputs give up only 27450000 g." }]',
    '}',
    '```',
    '',
    '`code` is stable and never renamed; `type` is `' + problemType('mass-balance-violated').replace(/mass-balance-violated$/, '<code>') + '`.',
    'Match on `code` (or `type`), never on `detail`, which is written for people and may change. `errors` lists',
    'the offending request fields when there are any. A rejected write stores nothing.',
    `Problems answered with 503 are transient and carry \`Retry-After: ${RETRY_AFTER_SECONDS}\`; retry a write with the same`,
    '`Idempotency-Key`.',
    '',
  ];
  for (const [status, codes] of codesByStatus()) {
    lines.push(`## ${status} ${STATUS_NAMES[status] ?? ''}`.trimEnd(), '', '| code | title | what to do |', '|---|---|---|');
    for (const code of codes) {
      const entry = PROBLEMS[code];
      const shared = statusesOf(code).length > 1 ? ` (also ${statusesOf(code).filter((s) => s !== status).join(', ')})` : '';
      lines.push(`| \`${code}\`${shared} | ${cell(entry.title)} | ${cell(entry.help)} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
