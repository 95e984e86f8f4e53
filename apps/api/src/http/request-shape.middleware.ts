import { apiError } from './api.errors';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** Deeper than any body this API takes (a dossier intake is 4 levels deep). */
export const MAX_BODY_DEPTH = 32;

/**
 * The shape of every request before any handler, pipe or validator sees it (issue 16):
 * - a repeated query parameter (`?status=a&status=b`) arrives as an array where every handler expects
 *   one string: 400 naming the parameter (lists are comma-separated, `?status=a,b`);
 * - a JSON body nested deeper than `MAX_BODY_DEPTH` would overflow the stack of the validators that
 *   walk it recursively: 400 before they run. Counted without recursion, so the check cannot overflow.
 */
@Injectable()
export class RequestShapeMiddleware implements NestMiddleware {
  use(req: Request, _res: Response, next: NextFunction): void {
    const repeated = Object.entries(req.query as Record<string, unknown>)
      .filter(([, value]) => typeof value !== 'string')
      .map(([name]) => name);
    if (repeated.length > 0)
      throw apiError(
        'QUERY_PARAMETER_REPEATED',
        `Query parameter(s) given more than once or with brackets: ${repeated.join(', ')}. Give each once; a list is comma-separated (e.g. status=accepted,returned)`,
        `Tham số truy vấn bị lặp lại: ${repeated.join(', ')}. Mỗi tham số chỉ được dùng một lần; danh sách ngăn cách bằng dấu phẩy`,
        repeated.map((path) => ({ path, code: 'REPEATED', message: 'give it once' })),
      );
    if (depthExceeds(req.body, MAX_BODY_DEPTH))
      throw apiError(
        'BODY_TOO_DEEP',
        `The JSON body is nested more than ${MAX_BODY_DEPTH} levels deep; nothing was read or written`,
        `Dữ liệu JSON lồng nhau quá ${MAX_BODY_DEPTH} cấp; chưa có gì được ghi nhận`,
      );
    next();
  }
}

/** Whether `value` has objects or arrays nested more than `max` levels (iterative: no recursion). */
export function depthExceeds(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= max) return true;
    for (const child of Object.values(current as Record<string, unknown>)) stack.push([child, depth + 1]);
  }
  return false;
}
