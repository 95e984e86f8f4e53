import { InvalidEventError, WrongExpectedRevisionError } from './errors';
import {
  assertValidExpectedRevision,
  checkExpectedRevision,
  resolveRetry,
  type RecordedId,
} from './append-rules';

const recorded = (id: string, revision: number, streamName = 's-1'): RecordedId => ({
  id,
  streamName,
  revision,
  position: BigInt(100 + revision),
});

describe('checkExpectedRevision', () => {
  it.each([
    ['any', null],
    ['any', 3],
    ['no_stream', null],
    [3, 3],
  ] as const)('accepts expected %s when the stream is at %s', (expected, actual) => {
    expect(() => checkExpectedRevision('s-1', expected, actual)).not.toThrow();
  });

  it.each([
    ['no_stream', 0],
    [2, 3],
    [0, null],
  ] as const)('refuses expected %s when the stream is at %s', (expected, actual) => {
    expect(() => checkExpectedRevision('s-1', expected, actual)).toThrow(WrongExpectedRevisionError);
  });

  it.each([-1, 1.5, Number.NaN])('refuses %s as an expected revision', (expected) => {
    expect(() => assertValidExpectedRevision(expected)).toThrow(InvalidEventError);
  });
});

describe('resolveRetry', () => {
  it('lets the append go ahead when none of its ids is recorded', () => {
    expect(resolveRetry('s-1', ['a', 'b'], [], 'no_stream', null)).toBeUndefined();
  });

  it('returns the earlier result when the whole batch is recorded right after the expected revision', () => {
    const result = resolveRetry('s-1', ['a', 'b'], [recorded('b', 5), recorded('a', 4)], 3, 7);
    expect(result).toEqual({ nextExpectedRevision: 5, position: 105n });
  });

  it('accepts a retry of a prefix of the original batch', () => {
    expect(resolveRetry('s-1', ['a'], [recorded('a', 0)], 'no_stream', 1)).toEqual({
      nextExpectedRevision: 0,
      position: 100n,
    });
  });

  it('refuses the recorded ids in another order', () => {
    expect(() => resolveRetry('s-1', ['b', 'a'], [recorded('a', 0), recorded('b', 1)], 'any', 1)).toThrow(
      InvalidEventError,
    );
  });

  it('refuses ids recorded in another stream', () => {
    expect(() => resolveRetry('s-1', ['a'], [recorded('a', 0, 's-2')], 'any', null)).toThrow(
      /another stream/,
    );
  });

  it('refuses a retry under an expected revision that does not match where the batch was recorded', () => {
    expect(() => resolveRetry('s-1', ['a'], [recorded('a', 2)], 0, 2)).toThrow(WrongExpectedRevisionError);
  });
});
