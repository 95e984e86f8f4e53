import type { IncomingMessage } from 'node:http';
import type { Test } from 'supertest';

/**
 * A server-sent-events request answered with its first event: the stream is read until its first
 * blank line, then closed (the request would otherwise wait for a stream that never ends). Any other
 * answer (a 4xx in JSON) is read whole and parsed as JSON when it is.
 */
export function firstEvent(req: Test): Test {
  return req.buffer(true).parse((res, done) => {
    let text = '';
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      let body: unknown = text;
      if (!/^text\/event-stream/.test(String(res.headers['content-type'] ?? ''))) {
        try {
          body = JSON.parse(text);
        } catch {
          /* not JSON: the text itself */
        }
      }
      done(null, body);
    };
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      text += chunk;
      if (text.includes('\n\n')) {
        finish();
        (res as unknown as IncomingMessage).destroy();
      }
    });
    res.on('end', finish);
    res.on('close', finish);
  });
}
