import type { Pool, PoolClient } from 'pg';
import { runMigrations, type Migration } from '@lien-thong/postgres';
import { toStoreError } from './postgres-errors';

/** The component name under which `schema_migrations` records the event store's migrations. */
export const EVENT_STORE_MIGRATIONS_COMPONENT = 'event-store';

/**
 * Where the event store's own runner recorded its migrations before it used `runMigrations`: ids found
 * there count as applied. Left in place, so that a rollback to that version still sees them.
 */
export const LEGACY_EVENT_STORE_MIGRATIONS_TABLE = 'event_store_migrations';

/**
 * Ids are stable and ordered: never renamed or edited once shipped, add a new migration instead.
 * Tables and functions are unqualified: the connection's search_path picks the schema (production uses
 * the default schema; each test suite gets a schema of its own).
 *
 * Why `tx_id` and the append function look the way they do: docs/adr/0002-event-store.md.
 */
export const eventStoreMigrations: readonly Migration[] = [
  {
    id: '0001-events',
    sql: `
      -- CACHE 1 (the default, stated because it matters): with a per-session cache, positions would no
      -- longer follow the order in which appends pass the sequencer, and subscribers could skip events.
      CREATE SEQUENCE event_store_position_seq AS bigint MINVALUE 1 CACHE 1;

      CREATE TABLE events (
        position       bigint      PRIMARY KEY,
        -- The appending transaction: a subscriber delivers an event only once every transaction older
        -- than the oldest one still running has ended (see event_store_append).
        tx_id          xid8        NOT NULL,
        id             uuid        NOT NULL,
        stream_name    text        NOT NULL,
        category       text        NOT NULL,
        revision       bigint      NOT NULL CHECK (revision >= 0),
        type           text        NOT NULL,
        schema_version integer     NOT NULL CHECK (schema_version >= 1),
        data           jsonb       NOT NULL,
        metadata       jsonb       NOT NULL,
        hash           text        NOT NULL,
        previous_hash  text,
        recorded_at    timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT events_id_unique UNIQUE (id),
        CONSTRAINT events_stream_revision_unique UNIQUE (stream_name, revision),
        CONSTRAINT events_chain_start CHECK ((revision = 0) = (previous_hash IS NULL))
      );

      -- Category subscriptions and reads (projections follow one or a few categories).
      CREATE INDEX events_category_position_idx ON events (category, position);

      -- The LISTEN/NOTIFY channel of this schema: test suites share one database, one schema each.
      CREATE FUNCTION event_store_channel() RETURNS text LANGUAGE sql STABLE AS $fn$
        SELECT CASE WHEN octet_length(current_schema()) <= 50 THEN 'event_store:' || current_schema()
                    ELSE 'event_store:' || md5(current_schema()) END
      $fn$;

      -- Appends one batch in one statement: checks the expected revision under the stream's lock, chains
      -- the hashes (the caller sends each event's content hash), takes positions and inserts.
      -- p_expect: 'any', 'no_stream' or 'exact' (then p_expected_revision). Returns appended = false, with
      -- the actual revision, when the expectation fails; the caller then reads the stream and decides
      -- between a conflict and an idempotent retry. A recorded event id fails with unique_violation.
      CREATE FUNCTION event_store_append(p_stream text, p_category text, p_expect text,
                                         p_expected_revision bigint, p_events jsonb)
      RETURNS TABLE (appended boolean, actual_revision bigint, last_position bigint)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_head_revision bigint;
        v_head_hash text;
        v_count integer := jsonb_array_length(p_events);
        v_revision bigint;
        v_link text;
        v_hashes text[] := '{}';
        v_previous text[] := '{}';
        v_event jsonb;
        v_tx xid8;
        v_positions bigint[];
      BEGIN
        -- One writer per stream. An advisory lock, not a row lock: a row lock would assign this
        -- transaction its id here, outside the sequencer below.
        PERFORM pg_advisory_xact_lock(746551, hashtext(p_stream));
        SELECT e.revision, e.hash INTO v_head_revision, v_head_hash
          FROM events e WHERE e.stream_name = p_stream ORDER BY e.revision DESC LIMIT 1;
        IF (p_expect = 'no_stream' AND v_head_revision IS NOT NULL)
           OR (p_expect = 'exact' AND v_head_revision IS DISTINCT FROM p_expected_revision) THEN
          RETURN QUERY SELECT false, v_head_revision, NULL::bigint;
          RETURN;
        END IF;

        -- The hash chain (tamper-evidence/event-hash.ts, linkEventHash): the same text, hashed the same way.
        v_link := v_head_hash;
        v_revision := coalesce(v_head_revision, -1);
        FOR v_event IN SELECT x FROM jsonb_array_elements(p_events) AS x LOOP
          v_revision := v_revision + 1;
          v_previous := array_append(v_previous, v_link);
          v_link := encode(sha256(convert_to(
            'lien-thong/event-hash/v1|' || v_revision || '|' || coalesce(v_link, '') || '|' || (v_event ->> 'contentHash'),
            'UTF8')), 'hex');
          v_hashes := array_append(v_hashes, v_link);
        END LOOP;

        -- The sequencer: the transaction id and the positions are taken together under one lock, so that
        -- a lower position always belongs to a lower transaction id. The lock is taken in a
        -- subtransaction that is then rolled back: that releases it at once (instead of at commit) and
        -- keeps the id and the positions. Any error in between releases it too.
        BEGIN
          PERFORM pg_advisory_xact_lock(746552, hashtext(current_schema()));
          v_tx := pg_current_xact_id();
          SELECT array_agg(nextval('event_store_position_seq') ORDER BY g) INTO v_positions
            FROM generate_series(1, v_count) AS g;
          RAISE SQLSTATE 'LT001';
        EXCEPTION WHEN SQLSTATE 'LT001' THEN
          NULL;
        END;

        INSERT INTO events (position, tx_id, id, stream_name, category, revision, type, schema_version,
                            data, metadata, hash, previous_hash)
        SELECT v_positions[x.ord], v_tx, (x.e ->> 'id')::uuid, p_stream, p_category,
               coalesce(v_head_revision, -1) + x.ord, x.e ->> 'type', (x.e ->> 'schemaVersion')::integer,
               x.e -> 'data', x.e -> 'metadata', v_hashes[x.ord], v_previous[x.ord]
          FROM jsonb_array_elements(p_events) WITH ORDINALITY AS x(e, ord);

        RETURN QUERY SELECT true, coalesce(v_head_revision, -1) + v_count, v_positions[v_count];
      END
      $fn$;
    `,
  },
  {
    // Subscribers used to hold back every event appended after the oldest transaction still running in
    // the whole cluster, also one that appends nothing (a read model's, another database's). Now only
    // appenders count: each marks itself (advisory lock 746553, shared) before it takes positions, and
    // event_store_horizon names the positions taken so far and the oldest marked appender that has a
    // transaction id. Same function signatures: callers do not change. docs/adr/0002-event-store.md.
    id: '0002-appender-horizon',
    sql: `
      CREATE OR REPLACE FUNCTION event_store_append(p_stream text, p_category text, p_expect text,
                                         p_expected_revision bigint, p_events jsonb)
      RETURNS TABLE (appended boolean, actual_revision bigint, last_position bigint)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_head_revision bigint;
        v_head_hash text;
        v_count integer := jsonb_array_length(p_events);
        v_revision bigint;
        v_link text;
        v_hashes text[] := '{}';
        v_previous text[] := '{}';
        v_event jsonb;
        v_tx xid8;
        v_positions bigint[];
      BEGIN
        -- One writer per stream. An advisory lock, not a row lock: a row lock would assign this
        -- transaction its id here, outside the sequencer below.
        PERFORM pg_advisory_xact_lock(746551, hashtext(p_stream));
        SELECT e.revision, e.hash INTO v_head_revision, v_head_hash
          FROM events e WHERE e.stream_name = p_stream ORDER BY e.revision DESC LIMIT 1;
        IF (p_expect = 'no_stream' AND v_head_revision IS NOT NULL)
           OR (p_expect = 'exact' AND v_head_revision IS DISTINCT FROM p_expected_revision) THEN
          RETURN QUERY SELECT false, v_head_revision, NULL::bigint;
          RETURN;
        END IF;

        -- The hash chain (tamper-evidence/event-hash.ts, linkEventHash): the same text, hashed the same way.
        v_link := v_head_hash;
        v_revision := coalesce(v_head_revision, -1);
        FOR v_event IN SELECT x FROM jsonb_array_elements(p_events) AS x LOOP
          v_revision := v_revision + 1;
          v_previous := array_append(v_previous, v_link);
          v_link := encode(sha256(convert_to(
            'lien-thong/event-hash/v1|' || v_revision || '|' || coalesce(v_link, '') || '|' || (v_event ->> 'contentHash'),
            'UTF8')), 'hex');
          v_hashes := array_append(v_hashes, v_link);
        END LOOP;

        -- The sequencer: the transaction id and the positions are taken together under one lock, so that
        -- a lower position always belongs to a lower transaction id. The lock is taken in a
        -- subtransaction that is then rolled back: that releases it at once (instead of at commit) and
        -- keeps the id and the positions. Any error in between releases it too.
        -- 0002: the appender's mark, held until commit or rollback and taken before the sequencer, so
        -- that a reader (event_store_horizon) knows every transaction that may still commit positions.
        -- Shared: appenders never wait for each other here.
        PERFORM pg_advisory_xact_lock_shared(746553, hashtext(current_schema()));
        BEGIN
          PERFORM pg_advisory_xact_lock(746552, hashtext(current_schema()));
          v_tx := pg_current_xact_id();
          SELECT array_agg(nextval('event_store_position_seq') ORDER BY g) INTO v_positions
            FROM generate_series(1, v_count) AS g;
          RAISE SQLSTATE 'LT001';
        EXCEPTION WHEN SQLSTATE 'LT001' THEN
          NULL;
        END;

        INSERT INTO events (position, tx_id, id, stream_name, category, revision, type, schema_version,
                            data, metadata, hash, previous_hash)
        SELECT v_positions[x.ord], v_tx, (x.e ->> 'id')::uuid, p_stream, p_category,
               coalesce(v_head_revision, -1) + x.ord, x.e ->> 'type', (x.e ->> 'schemaVersion')::integer,
               x.e -> 'data', x.e -> 'metadata', v_hashes[x.ord], v_previous[x.ord]
          FROM jsonb_array_elements(p_events) WITH ORDINALITY AS x(e, ord);

        RETURN QUERY SELECT true, coalesce(v_head_revision, -1) + v_count, v_positions[v_count];
      END
      $fn$;

      -- What a subscriber may deliver, read in this order (each statement sees the state after the one
      -- before): first the positions taken so far (a sequence is read outside any snapshot), then the
      -- appenders still running. An appender that took a position at or below "allocated" was marked
      -- before that and, if still running, is listed; one that is not listed has ended, so a snapshot
      -- taken after this call sees its events. Transaction ids in pg_locks are 32-bit: each is widened to
      -- xid8 by its distance to the current xmax (running ids are always within 2^31 of it).
      CREATE FUNCTION event_store_horizon()
      RETURNS TABLE (allocated bigint, oldest_appender xid8)
      LANGUAGE plpgsql VOLATILE AS $fn$
      DECLARE
        v_allocated bigint;
        v_called boolean;
        v_xids numeric[];
        v_xmax numeric;
        v_low numeric;
        v_oldest numeric;
      BEGIN
        SELECT s.last_value, s.is_called INTO v_allocated, v_called FROM event_store_position_seq s;
        IF NOT v_called THEN
          v_allocated := 0;
        END IF;
        SELECT array_agg(x.transactionid::text::numeric) INTO v_xids
          FROM pg_locks m
          JOIN pg_locks x ON x.virtualtransaction = m.virtualtransaction AND x.locktype = 'transactionid'
                          AND x.granted AND x.mode = 'ExclusiveLock'
         WHERE m.locktype = 'advisory' AND m.classid = 746553 AND m.objsubid = 2
           AND m.objid = ((hashtext(current_schema())::bigint + 4294967296) % 4294967296)::text::oid
           AND m.database = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database());
        IF v_xids IS NOT NULL THEN
          v_xmax := pg_snapshot_xmax(pg_current_snapshot())::text::numeric;
          v_low := mod(v_xmax, 4294967296);
          SELECT min(CASE WHEN mod(x - v_low + 4294967296, 4294967296) < 2147483648
                          THEN v_xmax + mod(x - v_low + 4294967296, 4294967296)
                          ELSE v_xmax - (4294967296 - mod(x - v_low + 4294967296, 4294967296)) END)
            INTO v_oldest FROM unnest(v_xids) AS x;
        END IF;
        RETURN QUERY SELECT v_allocated, v_oldest::text::xid8;
      END
      $fn$;
    `,
  },
  {
    // The pages of several subscribers in one round trip (issue 22: a horizon read, then one page read
    // per subscriber, made every notification cost 1 + N statements; now 1). The horizon first, then
    // each page in its own statement: a VOLATILE function's statements each take a new snapshot, so every
    // page is read in a snapshot later than the horizon, as ADR 0002 requires. Each request is
    // {"after": position, "categories": [...] or null, "types": [...] or null, "limit": n}; its rows come
    // back in position order under its index (1-based), with "final" as the single page read had it.
    id: '0003-safe-pages',
    sql: `
      CREATE FUNCTION event_store_safe_pages(p_requests jsonb)
      RETURNS TABLE (request integer, final boolean, "position" bigint, id uuid, stream_name text,
                     revision bigint, type text, schema_version integer, data jsonb, metadata jsonb,
                     hash text, previous_hash text, recorded_at timestamptz)
      LANGUAGE plpgsql VOLATILE AS $fn$
      DECLARE
        v_horizon record;
        v_request record;
        v_where text;
      BEGIN
        SELECT h.allocated, h.oldest_appender INTO v_horizon FROM event_store_horizon() h;
        FOR v_request IN
          SELECT x.ord::integer AS ord, (x.r ->> 'after')::bigint AS after,
                 CASE WHEN jsonb_typeof(x.r -> 'categories') = 'array'
                      THEN ARRAY(SELECT jsonb_array_elements_text(x.r -> 'categories')) END AS categories,
                 CASE WHEN jsonb_typeof(x.r -> 'types') = 'array'
                      THEN ARRAY(SELECT jsonb_array_elements_text(x.r -> 'types')) END AS types,
                 (x.r ->> 'limit')::integer AS lim
            FROM jsonb_array_elements(p_requests) WITH ORDINALITY AS x(r, ord)
        LOOP
          v_where := '';
          IF v_request.categories IS NOT NULL THEN
            v_where := v_where || ' AND e.category = ANY($5)';
          END IF;
          IF v_request.types IS NOT NULL THEN
            v_where := v_where || ' AND e.type = ANY($6)';
          END IF;
          RETURN QUERY EXECUTE
            'SELECT $1, e.position <= $2 AND ($3::xid8 IS NULL OR e.tx_id < $3::xid8), e.position, e.id,'
            || ' e.stream_name, e.revision, e.type, e.schema_version, e.data, e.metadata, e.hash,'
            || ' e.previous_hash, e.recorded_at FROM events e WHERE e.position > $4' || v_where
            || ' ORDER BY e.position LIMIT $7'
            USING v_request.ord, v_horizon.allocated, v_horizon.oldest_appender, v_request.after,
                  v_request.categories, v_request.types, v_request.lim;
        END LOOP;
      END
      $fn$;
    `,
  },
];

/**
 * Applies the event store's migrations once each, in order, with `runMigrations` (one transaction under
 * an advisory lock, so that the API, the worker and tests starting together never apply one twice),
 * then repairs transaction ids after a logical restore (see below) in that same transaction. Safe to
 * call at every start.
 */
export async function migrateEventStore(pool: Pool): Promise<string[]> {
  try {
    return await runMigrations(pool, EVENT_STORE_MIGRATIONS_COMPONENT, eventStoreMigrations, {
      adoptFrom: LEGACY_EVENT_STORE_MIGRATIONS_TABLE,
      afterMigrations: repairRestoredTransactionIds,
    });
  } catch (error) {
    throw toStoreError(error, 'migrating the event store');
  }
}

/**
 * After a logical restore (pg_dump into a new cluster) the rows carry transaction ids of the old
 * cluster, which may lie in the new cluster's future: subscribers would wait for them forever. Every
 * restored row is committed history, so its id can be set to 0 ("long finished"). A row of this
 * cluster can never carry an id at or above the current snapshot's xmax, so only restored rows match.
 * The check looks at the newest event only, so it costs nothing when there is nothing to repair.
 */
async function repairRestoredTransactionIds(client: PoolClient): Promise<void> {
  const newest = await client.query<{ restored: boolean }>(
    `SELECT tx_id >= pg_snapshot_xmax(pg_current_snapshot()) AS restored FROM events ORDER BY position DESC LIMIT 1`,
  );
  if (newest.rows[0]?.restored) {
    await client.query(
      `UPDATE events SET tx_id = '0' WHERE tx_id >= pg_snapshot_xmax(pg_current_snapshot())`,
    );
  }
}
