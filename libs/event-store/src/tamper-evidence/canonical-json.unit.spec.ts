import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts object keys at every depth and leaves array order alone', () => {
    expect(canonicalJson({ b: 1, a: [3, 1, 2], c: { z: true, y: null } })).toBe(
      '{"a":[3,1,2],"b":1,"c":{"y":null,"z":true}}',
    );
  });

  it('gives the same text for the same content whatever the key insertion order', () => {
    expect(canonicalJson({ x: 1, y: { b: 2, a: 1 } })).toBe(canonicalJson({ y: { a: 1, b: 2 }, x: 1 }));
  });

  it('sorts keys by UTF-16 code units, so accented keys sort after ASCII ones', () => {
    expect(canonicalJson({ é: 1, z: 2, Z: 3 })).toBe('{"Z":3,"z":2,"é":1}');
  });

  it('keeps Vietnamese text as it is, without escaping or normalising it', () => {
    const nfd = 'Bến Nghé'.normalize('NFD');
    expect(canonicalJson({ unit: 'Ủy ban nhân dân phường Bến Nghé' })).toBe(
      '{"unit":"Ủy ban nhân dân phường Bến Nghé"}',
    );
    expect(canonicalJson(nfd)).toBe(`"${nfd}"`);
    expect(canonicalJson(nfd)).not.toBe(canonicalJson(nfd.normalize('NFC')));
  });

  it('escapes quotes, backslashes and control characters as JSON does', () => {
    expect(canonicalJson('a"b\\c\nd\u0001')).toBe('"a\\"b\\\\c\\nd\\u0001"');
  });

  it('writes numbers in their shortest round-trip form, with -0 as 0', () => {
    expect(canonicalJson([1.0, 0.1, -0, 1e21, 5e-324, 9007199254740991])).toBe(
      '[1,0.1,0,1e+21,5e-324,9007199254740991]',
    );
  });

  it('writes a bigint as its exact digits', () => {
    expect(canonicalJson({ big: 12345678901234567890123n })).toBe('{"big":12345678901234567890123}');
  });

  it('refuses numbers JSON cannot represent', () => {
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson([Number.POSITIVE_INFINITY])).toThrow(TypeError);
  });

  it('drops undefined object members and writes undefined array items as null, like JSON.stringify', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
  });

  it('uses toJSON, so a Date becomes its ISO string', () => {
    expect(canonicalJson({ at: new Date('2025-11-22T01:00:00.000Z') })).toBe(
      '{"at":"2025-11-22T01:00:00.000Z"}',
    );
  });

  it('refuses a cycle', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/cycle/);
  });

  it('accepts the same object twice when it is not a cycle', () => {
    const shared = { a: 1 };
    expect(canonicalJson([shared, shared])).toBe('[{"a":1},{"a":1}]');
  });
});
