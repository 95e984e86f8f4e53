import {
  ArgumentsHost,
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, type DomainErrorKind, type ProblemDetail } from '@lien-thong/contracts';
import {
  EventStoreUnavailableError,
  InvalidEventError,
  WrongExpectedRevisionError,
} from '@lien-thong/event-store';

const STATUS: Record<DomainErrorKind, number> = {
  validation: HttpStatus.BAD_REQUEST,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  'not-found': HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
  'too-large': HttpStatus.PAYLOAD_TOO_LARGE,
  'unsupported-media-type': HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  'rate-limited': HttpStatus.TOO_MANY_REQUESTS,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

/** PostgreSQL and network error codes that mean "the database is not there right now". */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
]);

export interface ProblemBody {
  statusCode: number;
  code: string;
  message: string;
  messageVi?: string;
  problems?: readonly ProblemDetail[];
}

/** What a Nest HttpException may carry (the validation pipe's: validation-problems.ts). */
interface HttpExceptionBody {
  message?: unknown;
  messageVi?: unknown;
  problems?: ProblemDetail[];
}

/** The one place where errors become HTTP responses (application/problem-style JSON). */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toProblem(exception);
    // A business answer of 503 (busy, cancelled, a dependency said so) is a line; anything else that
    // fails is a bug or an outage, logged with its stack.
    if (body.statusCode >= 500 && exception instanceof DomainError)
      this.logger.warn(`${body.statusCode} ${exception.code}: ${exception.message}`);
    else if (body.statusCode >= 500) {
      this.logger.error(
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
      );
    }
    response.status(body.statusCode).json(body);
  }

  toProblem(exception: unknown): ProblemBody {
    if (exception instanceof DomainError) {
      return {
        statusCode: STATUS[exception.kind],
        code: exception.code,
        message: exception.message,
        ...(exception.messageVi ? { messageVi: exception.messageVi } : {}),
        ...(exception.problems ? { problems: exception.problems } : {}),
      };
    }
    if (exception instanceof WrongExpectedRevisionError) {
      return {
        statusCode: HttpStatus.CONFLICT,
        code: 'CONCURRENT_MODIFICATION',
        message: `Someone else changed ${exception.streamName} at the same time; reload and try again.`,
        messageVi: 'Hồ sơ vừa được người khác cập nhật; vui lòng tải lại và thử lại.',
      };
    }
    if (exception instanceof InvalidEventError) {
      return { statusCode: HttpStatus.BAD_REQUEST, code: exception.code, message: exception.message };
    }
    if (exception instanceof EventStoreUnavailableError || isUnavailable(exception)) {
      return {
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        code: 'DEPENDENCY_UNAVAILABLE',
        message: 'The database is unavailable; nothing was written. Try again shortly.',
        messageVi: 'Cơ sở dữ liệu tạm thời không truy cập được; chưa có gì được ghi. Vui lòng thử lại sau.',
      };
    }
    const refused = clientErrorOfBodyParser(exception);
    if (refused) return refused;
    if (isReadModelMissing(exception)) {
      return {
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        code: 'READ_MODEL_NOT_READY',
        message:
          'This view is not ready yet: the worker creates and fills the read models (start it, or wait a moment). Nothing was written.',
        messageVi: 'Dữ liệu tra cứu chưa sẵn sàng (tiến trình worker chưa khởi tạo); vui lòng thử lại sau.',
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const res = exception.getResponse();
      const body = typeof res === 'object' && res !== null ? (res as HttpExceptionBody) : {};
      const raw = typeof res === 'object' && res !== null ? body.message : res;
      const messages = Array.isArray(raw)
        ? raw.map(String)
        : [typeof raw === 'string' ? raw : exception.message];
      return {
        statusCode: status,
        code: httpCode(status),
        message: messages.join('; '),
        ...(typeof body.messageVi === 'string' ? { messageVi: body.messageVi } : {}),
        ...(Array.isArray(body.problems)
          ? { problems: body.problems }
          : Array.isArray(raw)
            ? {
                problems: messages.map((m) => ({ path: m.split(' ')[0] ?? '', code: 'INVALID', message: m })),
              }
            : {}),
      };
    }
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      code: 'INTERNAL_ERROR',
      message: 'Unexpected error.',
    };
  }
}

function isUnavailable(exception: unknown): boolean {
  if (typeof exception !== 'object' || exception === null) return false;
  const code = (exception as { code?: unknown }).code;
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  const message = (exception as { message?: unknown }).message;
  return (
    typeof message === 'string' &&
    /timeout exceeded when trying to connect|Connection terminated/i.test(message)
  );
}

/**
 * The request body refused before any handler ran (body-parser's http-errors, e.g. `entity.too.large`
 * over the 1 MB limit, `entity.parse.failed`, an unsupported charset): their own 4xx, not a 500.
 */
function clientErrorOfBodyParser(exception: unknown): ProblemBody | null {
  if (typeof exception !== 'object' || exception === null) return null;
  const { status, type, expose } = exception as { status?: unknown; type?: unknown; expose?: unknown };
  if (typeof status !== 'number' || status < 400 || status > 499 || expose !== true) return null;
  if (type === 'entity.too.large')
    return {
      statusCode: 413,
      code: 'PAYLOAD_TOO_LARGE',
      message: `The request body is larger than ${API_BODY_LIMIT_TEXT}; nothing was read or written.`,
      messageVi: `Dữ liệu gửi lên vượt quá ${API_BODY_LIMIT_TEXT}; chưa có gì được ghi nhận.`,
    };
  return {
    statusCode: status,
    code: httpCode(status),
    message: `The request body was refused (${typeof type === 'string' ? type : 'invalid'}); nothing was written.`,
  };
}

/** Kept in step with API_BODY_LIMIT (create-api-app.ts). */
const API_BODY_LIMIT_TEXT = '1 MB';

/**
 * A read model's table (42P01) or a column a newer read model adds (42703) is not there yet: the API
 * runs ahead of the worker that migrates and fills it.
 */
function isReadModelMissing(exception: unknown): boolean {
  if (typeof exception !== 'object' || exception === null) return false;
  const code = (exception as { code?: unknown }).code;
  return code === '42P01' || code === '42703';
}

function httpCode(status: number): string {
  switch (status) {
    case 400:
      return 'BAD_REQUEST';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 409:
      return 'CONFLICT';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 415:
      return 'UNSUPPORTED_MEDIA_TYPE';
    case 429:
      return 'TOO_MANY_REQUESTS';
    default:
      return `HTTP_${status}`;
  }
}
