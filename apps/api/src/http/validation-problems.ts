import { BadRequestException } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import type { ProblemDetail } from '@lien-thong/contracts';

/**
 * What class-validator found wrong with a request body or query, as the API answers it: one problem
 * per broken rule with its full path (`applicant.idNumber`, `documents[2].code`), the library's English
 * message and a Vietnamese one, so the console shows each field's problem in its user's language.
 */
export function validationProblems(errors: readonly ValidationError[], parent = ''): ProblemDetail[] {
  const problems: ProblemDetail[] = [];
  for (const error of errors) {
    const path = parent
      ? /^\d+$/.test(error.property)
        ? `${parent}[${error.property}]`
        : `${parent}.${error.property}`
      : error.property;
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      problems.push({
        path,
        code: 'INVALID',
        message: message.startsWith(error.property)
          ? `${path}${message.slice(error.property.length)}`
          : `${path}: ${message}`,
        messageVi: vietnamese(constraint, message),
      });
    }
    if (error.children?.length) problems.push(...validationProblems(error.children, path));
  }
  return problems;
}

/** The 400 the validation pipe throws: the English messages as before, and the problems themselves. */
export function validationException(errors: readonly ValidationError[]): BadRequestException {
  const problems = validationProblems(errors);
  return new BadRequestException({
    message: problems.map((p) => p.message),
    messageVi: `Dữ liệu gửi lên chưa hợp lệ (${problems.length} lỗi): ${problems
      .map((p) => `${p.path}: ${p.messageVi}`)
      .join('; ')}`,
    problems,
  });
}

/** The first number in class-validator's English message (a length, a bound, a size). */
function numberIn(message: string): string {
  return /(-?\d+(?:\.\d+)?)/.exec(message)?.[1] ?? '';
}

/**
 * The Vietnamese of each class-validator rule this API uses. The rule's own bound is read from its
 * English message (class-validator does not hand out its arguments); a rule not listed gets the
 * general "không hợp lệ".
 */
function vietnamese(constraint: string, message: string): string {
  switch (constraint) {
    case 'isNotEmpty':
      return 'không được để trống';
    case 'isString':
      return 'phải là chuỗi ký tự';
    case 'maxLength':
      return `không được dài quá ${numberIn(message)} ký tự`;
    case 'minLength':
      return `phải có ít nhất ${numberIn(message)} ký tự`;
    case 'matches':
      return 'không đúng định dạng';
    case 'isInt':
      return 'phải là số nguyên';
    case 'min':
      return `không được nhỏ hơn ${numberIn(message)}`;
    case 'max':
      return `không được lớn hơn ${numberIn(message)}`;
    case 'isIn': {
      const values = /one of(?: the following values:)? (.*)$/.exec(message)?.[1];
      return values ? `phải là một trong các giá trị: ${values}` : 'không thuộc các giá trị cho phép';
    }
    case 'arrayMaxSize':
      return `không được quá ${numberIn(message)} phần tử`;
    case 'arrayMinSize':
      return `phải có ít nhất ${numberIn(message)} phần tử`;
    case 'isArray':
      return 'phải là một danh sách';
    case 'isObject':
    case 'nestedValidation':
      return 'phải là một đối tượng';
    case 'isBoolean':
      return 'phải là true hoặc false';
    case 'isIso8601':
      return 'phải là ngày giờ theo ISO 8601 (ví dụ 2026-12-04T08:00:00+07:00)';
    case 'isEmail':
      return 'phải là địa chỉ thư điện tử hợp lệ';
    case 'whitelistValidation':
      return 'trường này không được nhận';
    default:
      return 'không hợp lệ';
  }
}
