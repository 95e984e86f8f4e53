import type { Test } from 'supertest';

/** A request whose answer's body is read as bytes, whatever its type (a file download). */
export function asBytes(request: Test): Test {
  return request.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
}
