import type { OpenAPIObject } from '@nestjs/swagger';
import { ACCESS_EXTENSION, type AccessRule } from '@lien-thong/access';
import recorded from './openapi-examples.json';

/**
 * What the generated OpenAPI document is given on top of Nest's own: for every operation, who may call
 * it (in words and as `security`), an example request and response recorded from a real run of this
 * API (`openapi-examples.json`, written by `test/e2e/openapi-examples.e2e-spec.ts`), example values for
 * its path and query parameters, and the errors it can answer with, each with an example body.
 */

/** `"<METHOD> <path template>"`, e.g. `POST /dossiers/{code}/steps/{stepId}/complete`. */
export type OperationKey = string;

export interface RecordedOperation {
  /** The JSON body of the request recorded (absent for operations without a body). */
  readonly request?: unknown;
  /** Path and query parameter values of the request recorded. */
  readonly parameters?: Readonly<Record<string, string>>;
  /** Status → media type → example body (text bodies whole; binary ones are described). */
  readonly responses: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export interface OpenApiExamples {
  readonly about: string;
  readonly operations: Readonly<Record<OperationKey, RecordedOperation>>;
  /** One recorded problem body per status, for the errors every operation of its kind can answer. */
  readonly common: Readonly<Record<string, unknown>>;
}

export const OPENAPI_EXAMPLES = recorded as unknown as OpenApiExamples;

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

export function operationKey(method: string, path: string): OperationKey {
  return `${method.toUpperCase()} ${path}`;
}

/** Binary media types get a schema, not an example. */
export const BINARY_MEDIA_TYPES = new Set([
  'application/pdf',
  'image/png',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
]);

const DESCRIPTIONS: Record<string, string> = {
  '200': 'OK',
  '201': 'Created',
  '204': 'No content',
  '400': 'Malformed request: the body names every field that is wrong; nothing is written',
  '401': 'Missing, expired, revoked or forged token (or wrong credentials)',
  '403': "The caller's role or agency may not do this",
  '404': 'No such resource',
  '409': 'Conflict with the current state (wrong state, stale If-Match revision, already exists)',
  '413': 'The request body is larger than the limit',
  '422': 'Well-formed but refused by the rules of the procedure or the law',
  '429': 'Too many requests: retry after the seconds in Retry-After',
  '503': 'A dependency (database, event store, Temporal) is unavailable',
};

/** The rate limiter answers before any handler; its body is fixed (libs/identity rate-limit.middleware). */
const RATE_LIMITED_EXAMPLE = {
  statusCode: 429,
  code: 'RATE_LIMITED',
  message: 'Too many requests for client ltc_5f2c9a7e0b3d41c8; retry after 1 s',
  messageVi: 'Quá nhiều yêu cầu; vui lòng thử lại sau',
};

const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['statusCode', 'code', 'message'],
  properties: {
    statusCode: { type: 'integer' },
    code: { type: 'string', description: 'Stable machine-readable code, e.g. DOSSIER_CHANGED' },
    message: { type: 'string' },
    messageVi: { type: 'string', description: 'The message in Vietnamese, where there is one' },
    problems: {
      type: 'array',
      description: 'Every field that is wrong (400)',
      items: {
        type: 'object',
        properties: {
          path: { type: 'string' },
          code: { type: 'string' },
          message: { type: 'string' },
          messageVi: { type: 'string', description: 'The problem in Vietnamese, where there is one' },
        },
      },
    },
  },
};

type Json = Record<string, unknown>;

interface Operation extends Json {
  description?: string;
  security?: unknown[];
  parameters?: Json[];
  requestBody?: { content?: Record<string, Json>; required?: boolean };
  responses?: Record<string, { description?: string; content?: Record<string, Json> }>;
}

/** Completes the document in place and returns it. */
export function completeOpenApiDocument(
  doc: OpenAPIObject,
  examples: OpenApiExamples = OPENAPI_EXAMPLES,
): OpenAPIObject {
  doc.components = doc.components ?? {};
  doc.components.schemas = { ...doc.components.schemas, Problem: PROBLEM_SCHEMA };
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const op = (item as Record<string, Operation | undefined>)[method];
      if (!op) continue;
      const access = op[ACCESS_EXTENSION] as AccessRule | undefined;
      describeAccess(op, access);
      const recordedOp = examples.operations[operationKey(method, path)];
      if (recordedOp) applyRecorded(op, recordedOp);
      addErrors(op, path, access, examples, recordedOp);
    }
  }
  return doc;
}

function describeAccess(op: Operation, access: AccessRule | undefined): void {
  if (!access) return;
  if ('public' in access) {
    op.security = [];
    op.description = joinLines(op.description, '**Access:** public, no token needed.');
  } else {
    op.description = joinLines(
      op.description,
      `**Roles:** ${access.roles.map((r) => `\`${r}\``).join(', ')} (any other role: 403 ROLE_NOT_ALLOWED).`,
    );
  }
}

function applyRecorded(op: Operation, recordedOp: RecordedOperation): void {
  if (recordedOp.request !== undefined) {
    op.requestBody = op.requestBody ?? { required: true, content: {} };
    const content = (op.requestBody.content = op.requestBody.content ?? {});
    const json = (content['application/json'] = content['application/json'] ?? {
      schema: { type: 'object' },
    });
    json.example = recordedOp.request;
  }
  for (const parameter of op.parameters ?? []) {
    const value = recordedOp.parameters?.[String(parameter.name)];
    if (value !== undefined && parameter.example === undefined) parameter.example = value;
  }
  op.responses = op.responses ?? {};
  for (const [status, byType] of Object.entries(recordedOp.responses)) {
    const response = (op.responses[status] = op.responses[status] ?? {
      description: DESCRIPTIONS[status] ?? status,
    });
    if (!response.description) response.description = DESCRIPTIONS[status] ?? status;
    const content = (response.content = response.content ?? {});
    for (const [mediaType, example] of Object.entries(byType)) {
      const entry = (content[mediaType] = content[mediaType] ?? {});
      if (BINARY_MEDIA_TYPES.has(mediaType)) {
        entry.schema = { type: 'string', format: 'binary' };
        continue;
      }
      if (!entry.schema)
        entry.schema = Number(status) >= 400 ? { $ref: '#/components/schemas/Problem' } : schemaOf(example);
      entry.example = example;
    }
  }
}

/** The errors an operation can answer, by what it takes and who may call it. */
function addErrors(
  op: Operation,
  path: string,
  access: AccessRule | undefined,
  examples: OpenApiExamples,
  recordedOp: RecordedOperation | undefined,
): void {
  const statuses = new Set<string>(['429']);
  const hasBody = op.requestBody !== undefined;
  const hasParameters = (op.parameters ?? []).length > 0;
  if (hasBody || hasParameters) statuses.add('400');
  if (hasBody) statuses.add('413');
  if (path.includes('{')) statuses.add('404');
  if (!access || !('public' in access)) {
    statuses.add('401');
    statuses.add('403');
  }
  op.responses = op.responses ?? {};
  for (const status of [...statuses].sort()) {
    if (recordedOp?.responses[status]) continue;
    const example = status === '429' ? RATE_LIMITED_EXAMPLE : examples.common[status];
    op.responses[status] = {
      description: DESCRIPTIONS[status] ?? status,
      content: {
        'application/json': {
          schema: { $ref: '#/components/schemas/Problem' },
          ...(example === undefined ? {} : { example }),
        },
      },
    };
  }
}

/**
 * A plain JSON schema read off an example, for responses that declare no DTO. A null in the example
 * says nothing of the type the field has when set: its schema is the empty one (any value).
 */
function schemaOf(value: unknown): Json {
  if (value === null) return {};
  if (Array.isArray(value)) return { type: 'array', items: value.length > 0 ? schemaOf(value[0]) : {} };
  switch (typeof value) {
    case 'string':
      return { type: 'string' };
    case 'number':
      return { type: Number.isInteger(value) ? 'integer' : 'number' };
    case 'boolean':
      return { type: 'boolean' };
    case 'object':
      return {
        type: 'object',
        properties: Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, schemaOf(v)])),
      };
    default:
      return {};
  }
}

function joinLines(a: string | undefined, b: string): string {
  return a ? `${a}\n\n${b}` : b;
}
