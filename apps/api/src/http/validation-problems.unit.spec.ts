import 'reflect-metadata';
import { Type } from 'class-transformer';
import { plainToInstance } from 'class-transformer';
import { IsIn, IsNotEmpty, IsString, MaxLength, ValidateNested, validate } from 'class-validator';
import { ProblemFilter } from './problem.filter';
import { validationException, validationProblems } from './validation-problems';

class Person {
  @IsString()
  @IsNotEmpty()
  @MaxLength(5)
  name!: string;
}

class Body {
  @IsIn(['counter', 'post'])
  channel!: string;

  @IsIn(['a', 'b'], { message: 'kind must be one of a, b' })
  kind = 'a';

  @ValidateNested({ each: true })
  @Type(() => Person)
  people!: Person[];
}

async function errorsOf(plain: unknown) {
  return validate(plainToInstance(Body, plain) as object, { whitelist: true, forbidNonWhitelisted: true });
}

describe('validation problems (the validation pipe 400)', () => {
  it('gives each broken rule its full path, the English message and the Vietnamese one', async () => {
    const problems = validationProblems(
      await errorsOf({
        channel: 'fax',
        people: [{ name: 'Nguyễn Văn An' }, { name: '' }],
        kind: 'c',
        extra: 1,
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        {
          path: 'channel',
          code: 'INVALID',
          message: 'channel must be one of the following values: counter, post',
          messageVi: 'phải là một trong các giá trị: counter, post',
        },
        {
          path: 'people[0].name',
          code: 'INVALID',
          message: 'people[0].name must be shorter than or equal to 5 characters',
          messageVi: 'không được dài quá 5 ký tự',
        },
        {
          path: 'people[1].name',
          code: 'INVALID',
          message: 'people[1].name should not be empty',
          messageVi: 'không được để trống',
        },
        {
          path: 'kind',
          code: 'INVALID',
          message: 'kind must be one of a, b',
          messageVi: 'phải là một trong các giá trị: a, b',
        },
        {
          path: 'extra',
          code: 'INVALID',
          message: 'extra: property extra should not exist',
          messageVi: 'trường này không được nhận',
        },
      ]),
    );
    expect(problems).toHaveLength(5);
  });

  it('is answered by the problem filter as a 400 with the same problems and a Vietnamese summary', async () => {
    const body = new ProblemFilter().toProblem(
      validationException(await errorsOf({ channel: 'post', people: 'Lan' })),
    );
    expect(body).toEqual({
      statusCode: 400,
      code: 'BAD_REQUEST',
      message: 'people: each value in nested property people must be either object or array',
      messageVi: 'Dữ liệu gửi lên chưa hợp lệ (1 lỗi): people: phải là một đối tượng',
      problems: [
        {
          path: 'people',
          code: 'INVALID',
          message: 'people: each value in nested property people must be either object or array',
          messageVi: 'phải là một đối tượng',
        },
      ],
    });
  });
});
