import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { createParser } from 'eventsource-parser';
import { sessionStore } from '../auth/session';

const FIRST_RETRY_MS = 1_000;
const LAST_RETRY_MS = 30_000;

/**
 * Live updates of an agency's inbox: the API's server-sent events (`GET /agencies/{code}/inbox/changes`,
 * read with fetch so the request carries the bearer token, which an EventSource cannot), each
 * `inbox-changed` reloading the inbox's queries. The stream ends every few minutes and after failures;
 * it is opened again (with the session's current token), with growing delays while it fails, and
 * the inbox is reloaded on each new `ready` (something may have changed in between). Returns whether
 * the stream is open now (the page polls slowly then, often otherwise).
 */
export function useInboxChanges(agencyCode: string | null): boolean {
  const queries = useQueryClient();
  const [live, setLive] = useState(false);
  useEffect(() => {
    if (!agencyCode) return;
    let stopped = false;
    let abort: AbortController | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let delay = FIRST_RETRY_MS;
    const reload = () => void queries.invalidateQueries({ queryKey: ['inbox', agencyCode] });
    const schedule = () => {
      if (stopped) return;
      retry = setTimeout(() => void connect(), delay);
      delay = Math.min(delay * 2, LAST_RETRY_MS);
    };
    const connect = async () => {
      const session = sessionStore.get();
      if (!session || session.expired) return schedule();
      abort = new AbortController();
      try {
        const response = await fetch(`/agencies/${encodeURIComponent(agencyCode)}/inbox/changes`, {
          headers: { authorization: `Bearer ${session.token}`, accept: 'text/event-stream' },
          signal: abort.signal,
        });
        if (response.status === 401) sessionStore.expire();
        if (response.ok && response.body) {
          const parser = createParser({
            onEvent: (event) => {
              if (event.event === 'ready') {
                delay = FIRST_RETRY_MS;
                setLive(true);
                reload();
              } else if (event.event === 'inbox-changed') reload();
            },
          });
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            parser.feed(value);
          }
        }
      } catch {
        // Closed by this page, or the connection failed: opened again below unless stopped.
      }
      setLive(false);
      schedule();
    };
    void connect();
    return () => {
      stopped = true;
      abort?.abort();
      clearTimeout(retry);
      setLive(false);
    };
  }, [agencyCode, queries]);
  return live;
}
