import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ListProcedures, type CatalogueEntry } from '@lien-thong/procedures';
import type { Pool } from 'pg';
import { AGENCY_DIRECTORY, type AgencyDirectory } from '@lien-thong/agencies';
import { CLOCK, DomainError, type Clock, type ProblemDetail } from '@lien-thong/contracts';
import { intakeStream, type SupplementItem } from '@lien-thong/dossier-model';
import {
  BoundProcedures,
  DossierIntakes,
  ReceiveDossierCommand,
  RefuseAtIntakeCommand,
  RequestSupplementAtIntakeCommand,
  lookupKeyDigest,
  lookupKeyFrom,
  matchesLookupKey,
  vietnamIso,
  type IntakeInput,
  type IntakeOutcomeView,
  type ReceiptView,
} from '@lien-thong/dossiers';
import { EVENT_STORE, type EventStore } from '@lien-thong/event-store';
import { FileRecords, PUBLIC_UPLOADS_OWNER, fileError, type AttachmentReference } from '@lien-thong/files';
import {
  PERSONAL_DATA_VAULT,
  checkApplicantDetails,
  type ApplicantDetails,
  type PersonalDataVault,
} from '@lien-thong/personal-data';
import { PG_POOL, inTransaction, runMigrations, type Migration } from '@lien-thong/postgres';
import { isChannelReference, newChannelReference } from '../channel-references';
import { channelError } from '../channels-errors';

export const ONLINE_FILINGS_MIGRATIONS_COMPONENT = 'online-filings';

/**
 * Dossiers an applicant filed online (nộp hồ sơ trực tuyến, issue 24), waiting for the desk's check.
 * The applicant's details are sealed in the personal-data vault under the filing's reference (the
 * intake reference: erasing the intake erases them); the row keeps the reference to them. What the desk
 * decided is recorded as for any intake (the dossier's `DossierReceived`, or `intake-<ref>`); the row's
 * `outcome` follows it.
 */
export const onlineFilingsMigrations: readonly Migration[] = [
  {
    id: '0001-online-filings',
    sql: `CREATE TABLE online_filings (
            filing_ref             text        PRIMARY KEY,
            receiving_unit_code    text        NOT NULL,
            procedure_code         text        NOT NULL,
            applicant_ref          text        NOT NULL,
            applicant_commune_code text,
            documents              jsonb       NOT NULL,
            -- Mã tra cứu: given to the applicant at filing; the dossier keeps it once accepted.
            lookup_key             text        NOT NULL,
            -- A retried filing (the applicant's browser timed out) answers the first one.
            idempotency_key        text        UNIQUE,
            fingerprint            text        NOT NULL,
            filed_at               timestamptz NOT NULL DEFAULT now(),
            outcome                text        CHECK (outcome IN ('accepted', 'supplement-requested', 'refused')),
            dossier_code           text,
            decided_at             timestamptz
          );
          CREATE INDEX online_filings_waiting_idx ON online_filings (receiving_unit_code, filed_at)
            WHERE outcome IS NULL`,
  },
];

/** The units offered to the applicant: the People's Committees, whose one-stop desks receive. */
const RECEIVING_ROLES = ['commune-people-committee', 'provincial-people-committee'];

export interface FilingOptions {
  readonly procedures: readonly {
    code: string;
    name: { vi: string; en?: string };
    /** Of the channels an applicant uses alone: `online` (filed online), `post` (picked up at home). */
    channels: readonly ('online' | 'post')[];
    requiredDocuments: readonly {
      code: string;
      name: { vi: string; en?: string };
      copies: number;
      original: boolean;
    }[];
  }[];
  readonly units: readonly { code: string; name: { vi: string; en?: string } }[];
}

export type FilingOutcome = 'accepted' | 'supplement-requested' | 'refused';

/** A document as filed: its code, copies, and the applicant's uploads (by id, then with their metadata). */
export interface FiledDocument {
  readonly code: string;
  readonly copies: number;
  readonly original?: boolean;
  readonly files: readonly {
    id: string;
    name: string;
    mediaType: string;
    sizeBytes: number;
    sha256: string;
  }[];
}

export interface FilingInput {
  readonly procedureCode: string;
  readonly receivingUnitCode: string;
  readonly applicant: ApplicantDetails;
  readonly applicantCommuneCode?: string;
  readonly documents: readonly {
    code: string;
    copies: number;
    original?: boolean;
    files?: readonly AttachmentReference[];
  }[];
}

/** What the applicant gets on filing: the reference and the lookup key (keep both). */
export interface FiledView {
  readonly filingRef: string;
  readonly lookupKey: string;
  readonly filedAt: string;
  readonly status: 'waiting';
  readonly links: { readonly status: string };
}

/** What the public lookup of a filing shows: no personal data. */
export interface FilingStatusView {
  readonly filingRef: string;
  readonly procedure: { code: string; name: { vi: string; en?: string } | null };
  readonly receivingUnit: { code: string; name: string | null };
  readonly filedAt: string;
  readonly status: 'waiting' | FilingOutcome;
  readonly decidedAt: string | null;
  /** Once accepted: the dossier's code; the same lookup key then opens the dossier's own lookup. */
  readonly dossierCode: string | null;
  /** Form 02's list, when the desk asked for more (file again with it). */
  readonly supplement: { items: readonly SupplementItem[]; reason: string } | null;
  /** Form 03's reasons, when the desk refused. */
  readonly refusal: { reasons: readonly string[] } | null;
  readonly links: Readonly<Record<string, string>>;
}

/** A filing in the desk's queue, with the applicant (a read of personal data). */
export interface WaitingFiling {
  readonly filingRef: string;
  readonly procedure: { code: string; name: { vi: string; en?: string } | null };
  readonly receivingUnitCode: string;
  readonly applicant: ApplicantDetails | 'erased';
  readonly applicantCommuneCode: string | null;
  readonly documents: readonly FiledDocument[];
  readonly filedAt: string;
}

interface FilingRow {
  filing_ref: string;
  receiving_unit_code: string;
  procedure_code: string;
  applicant_ref: string;
  applicant_commune_code: string | null;
  documents: FiledDocument[];
  lookup_key: string;
  fingerprint: string;
  filed_at: Date;
  outcome: FilingOutcome | null;
  dossier_code: string | null;
  decided_at: Date | null;
}

const MAX_FILES_PER_FILING = 60;

/**
 * Online filing (issue 24): the applicant files a dossier for a procedure that takes online intake,
 * with the documents uploaded beforehand (`POST /public/files`); the desk of the receiving unit then
 * accepts it (a dossier code and form 01, as at the counter, with the applicant's lookup key), asks for
 * a supplement (form 02) or refuses it (form 03).
 */
@Injectable()
export class OnlineFilings {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(AGENCY_DIRECTORY) private readonly agencies: AgencyDirectory,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly procedures: BoundProcedures,
    private readonly files: FileRecords,
    private readonly intakes: DossierIntakes,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  /**
   * What the applicant's pages offer: the procedures in force an applicant may file online or have picked
   * up at home by post, with the documents they ask for, and the units whose desks receive (the People's
   * Committees: their one-stop desks).
   */
  async options(): Promise<FilingOptions> {
    const catalogue = await this.queries.execute<ListProcedures, CatalogueEntry[]>(new ListProcedures());
    const procedures: FilingOptions['procedures'][number][] = [];
    for (const entry of catalogue) {
      if (entry.currentVersion === null) continue;
      const { definition } = await this.procedures.forIntake(entry.code, entry.currentVersion);
      const channels = (['online', 'post'] as const).filter((c) => definition.intakeChannels.includes(c));
      if (channels.length === 0) continue;
      procedures.push({
        code: entry.code,
        name: definition.name,
        channels,
        requiredDocuments: definition.requiredDocuments.map((d) => ({
          code: d.code,
          name: d.name,
          copies: d.copies,
          original: d.original,
        })),
      });
    }
    const directory = await this.agencies.snapshot();
    const units = directory
      .list()
      .filter((a) => a.roles.some((r) => RECEIVING_ROLES.includes(r)))
      .map((a) => ({ code: a.code, name: a.name }));
    return {
      procedures: procedures.sort((a, b) => a.code.localeCompare(b.code)),
      units: units.sort((a, b) => a.name.vi.localeCompare(b.name.vi, 'vi')),
    };
  }

  async migrate(): Promise<void> {
    await runMigrations(this.pool, ONLINE_FILINGS_MIGRATIONS_COMPONENT, onlineFilingsMigrations);
  }

  /** Files a dossier. Everything is checked before anything is written; a retry with the same key answers the first. */
  async file(input: FilingInput, idempotencyKey?: string): Promise<FiledView> {
    const fingerprint = createHash('sha256').update(JSON.stringify(input)).digest('hex');
    const keyDigest =
      idempotencyKey === undefined ? null : createHash('sha256').update(idempotencyKey).digest('hex');
    if (keyDigest !== null) {
      const replay = await this.replay(keyDigest, fingerprint);
      if (replay) return replay;
    }
    const problems: ProblemDetail[] = checkApplicantDetails(input.applicant).map((p) => ({
      ...p,
      path: `applicant.${p.path}`,
    }));
    const directory = await this.agencies.snapshot();
    if (!directory.exists(input.receivingUnitCode))
      problems.push({
        path: 'receivingUnitCode',
        code: 'UNKNOWN_AGENCY',
        message: `no active unit ${input.receivingUnitCode}`,
      });
    if (input.applicantCommuneCode !== undefined && !directory.exists(input.applicantCommuneCode))
      problems.push({
        path: 'applicantCommuneCode',
        code: 'UNKNOWN_AGENCY',
        message: `no active commune ${input.applicantCommuneCode}`,
      });
    const { definition } = await this.procedures.forIntake(input.procedureCode);
    if (!definition.intakeChannels.includes('online'))
      throw channelError(
        'FILING_CHANNEL_NOT_ALLOWED',
        `Procedure ${input.procedureCode} is not filed online (its channels: ${definition.intakeChannels.join(', ')}); file it at the desk`,
        `Thủ tục ${input.procedureCode} không tiếp nhận trực tuyến; vui lòng nộp tại bộ phận một cửa`,
      );
    const known = new Set(definition.requiredDocuments.map((d) => d.code));
    input.documents.forEach((d, i) => {
      if (!known.has(d.code))
        problems.push({
          path: `documents[${i}].code`,
          code: 'UNKNOWN_DOCUMENT',
          message: `procedure ${input.procedureCode} asks for no document ${d.code} (it asks for ${[...known].join(', ')})`,
        });
    });
    const ids = input.documents.flatMap((d) => (d.files ?? []).map((f) => f.id));
    if (ids.length > MAX_FILES_PER_FILING)
      problems.push({
        path: 'documents',
        code: 'TOO_MANY_FILES',
        message: `at most ${MAX_FILES_PER_FILING} files in a filing`,
      });
    if (new Set(ids).size !== ids.length)
      problems.push({ path: 'documents', code: 'DUPLICATE_FILE', message: 'a file is named twice' });
    if (problems.length > 0) throw invalid(problems);

    const found = await this.files.find(ids);
    const documents: FiledDocument[] = input.documents.map((d, i) => ({
      code: d.code,
      copies: d.copies,
      ...(d.original !== undefined ? { original: d.original } : {}),
      files: (d.files ?? []).map((f, j) => {
        const record = found.get(f.id);
        const path = `documents[${i}].files[${j}]`;
        if (!record || record.ownerAgency !== PUBLIC_UPLOADS_OWNER)
          throw fileError(
            'FILE_UNKNOWN',
            `${path}: no upload waiting to be filed has id ${f.id}; upload it first (POST /public/files)`,
            `${path}: không có tệp chờ nộp với mã ${f.id}; hãy tải tệp lên trước`,
            [{ path: `${path}.id`, code: 'UNKNOWN', message: 'upload the file first (POST /public/files)' }],
          );
        return {
          id: record.id,
          name: f.name ?? record.name,
          mediaType: record.mediaType,
          sizeBytes: record.sizeBytes,
          sha256: record.sha256,
        };
      }),
    }));

    const now = this.clock.now();
    const filingRef = newChannelReference('TT', now);
    const lookupKey = lookupKeyFrom(randomUUID());
    const applicantRef = await this.vault.seal(filingRef, input.applicant);
    try {
      await inTransaction(this.pool, async (client) => {
        // The uploads become the receiving unit's, named by this filing (the janitor leaves them).
        const claimed = await this.files.claim(ids, PUBLIC_UPLOADS_OWNER, input.receivingUnitCode, client);
        const lost = ids.find((id) => !claimed.has(id));
        if (lost !== undefined)
          throw fileError(
            'FILE_UNKNOWN',
            `file ${lost} was filed by another filing or removed meanwhile; upload it again`,
            `tệp ${lost} đã được nộp trong hồ sơ khác hoặc đã bị xóa; hãy tải lên lại`,
          );
        await client.query(
          `INSERT INTO online_filings (filing_ref, receiving_unit_code, procedure_code, applicant_ref,
                                       applicant_commune_code, documents, lookup_key, idempotency_key,
                                       fingerprint, filed_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [
            filingRef,
            input.receivingUnitCode,
            input.procedureCode,
            applicantRef,
            input.applicantCommuneCode ?? null,
            JSON.stringify(documents),
            lookupKey,
            keyDigest,
            fingerprint,
            now,
          ],
        );
      });
    } catch (error) {
      // Two retries with one key at once: the other one filed it.
      if (keyDigest !== null && (error as { code?: string }).code === '23505') {
        const replay = await this.replay(keyDigest, fingerprint);
        if (replay) return replay;
      }
      throw error;
    }
    return filedView(filingRef, lookupKey, now);
  }

  /** The public lookup of a filing: a wrong key is answered as an unknown filing. */
  async status(filingRef: string, key: string): Promise<FilingStatusView> {
    const row = await this.row(filingRef);
    if (!row || !matchesLookupKey(key, lookupKeyDigest(row.lookup_key))) throw notFound(filingRef);
    const settled = await this.settle(row);
    const directory = await this.agencies.snapshot();
    const name = await this.procedureName(settled.procedure_code);
    let supplement: FilingStatusView['supplement'] = null;
    let refusal: FilingStatusView['refusal'] = null;
    if (settled.outcome === 'supplement-requested' || settled.outcome === 'refused') {
      const [event] = await this.store.readStream(intakeStream(filingRef), { maxCount: 1 });
      const data = (event?.data ?? {}) as { items?: SupplementItem[]; reason?: string; reasons?: string[] };
      if (settled.outcome === 'supplement-requested')
        supplement = { items: data.items ?? [], reason: data.reason ?? '' };
      else refusal = { reasons: data.reasons ?? [] };
    }
    const links: Record<string, string> = {};
    if (settled.dossier_code)
      links.dossier = `/public/dossiers/${encodeURIComponent(settled.dossier_code)}?key=${encodeURIComponent(key)}`;
    return {
      filingRef,
      procedure: { code: settled.procedure_code, name },
      receivingUnit: {
        code: settled.receiving_unit_code,
        name: directory.get(settled.receiving_unit_code)?.name.vi ?? null,
      },
      filedAt: vietnamIso(settled.filed_at.getTime()),
      status: settled.outcome ?? 'waiting',
      decidedAt: settled.decided_at ? vietnamIso(settled.decided_at.getTime()) : null,
      dossierCode: settled.dossier_code,
      supplement,
      refusal,
      links,
    };
  }

  /** The unit's filings the desk has not decided yet, oldest first. */
  async waiting(unitCode: string, limit = 200): Promise<WaitingFiling[]> {
    const { rows } = await this.pool.query<FilingRow>(
      `SELECT * FROM online_filings WHERE receiving_unit_code = $1 AND outcome IS NULL
        ORDER BY filed_at, filing_ref LIMIT $2`,
      [unitCode, limit],
    );
    // One catalogue read per procedure, not per filing.
    const names = new Map<string, Promise<{ vi: string; en?: string } | null>>();
    const nameOf = (code: string) => {
      if (!names.has(code)) names.set(code, this.procedureName(code));
      return names.get(code)!;
    };
    return Promise.all(
      rows.map(async (row) => ({
        filingRef: row.filing_ref,
        procedure: { code: row.procedure_code, name: await nameOf(row.procedure_code) },
        receivingUnitCode: row.receiving_unit_code,
        applicant: await this.vault.open(row.applicant_ref),
        applicantCommuneCode: row.applicant_commune_code,
        documents: row.documents,
        filedAt: vietnamIso(row.filed_at.getTime()),
      })),
    );
  }

  /** The filing, for the desk acting on it: its unit is checked by the caller. */
  async forDesk(filingRef: string): Promise<{ receivingUnitCode: string }> {
    const row = await this.row(filingRef);
    if (!row) throw notFound(filingRef);
    return { receivingUnitCode: row.receiving_unit_code };
  }

  /**
   * Accepts the filing: the dossier is received as at the counter (channel `online`), with the filing's
   * reference as its intake reference (a retry answers the same dossier) and the applicant's lookup key.
   */
  async accept(
    filingRef: string,
    officer: string,
    desk: { stepOwners?: Readonly<Record<string, string>>; collectAtUnitCode?: string } = {},
  ): Promise<ReceiptView> {
    const row = await this.settle(await this.existing(filingRef));
    if (row.outcome !== null && row.outcome !== 'accepted') throw alreadyDecided(row);
    const intake = await this.intakeInput(row, officer);
    const receipt = await this.commands.execute(
      new ReceiveDossierCommand({
        ...intake,
        documents: row.documents.map((d) => ({
          code: d.code,
          copies: d.copies,
          ...(d.original !== undefined ? { original: d.original } : {}),
          ...(d.files.length > 0 ? { files: d.files.map((f) => ({ id: f.id, name: f.name })) } : {}),
        })),
        ...(row.applicant_commune_code ? { applicantCommuneCode: row.applicant_commune_code } : {}),
        ...desk,
        lookupKey: row.lookup_key,
      }),
    );
    await this.decided(filingRef, 'accepted', receipt.dossierCode);
    return receipt;
  }

  /** Form 02 for the filing: the applicant files again with what is listed. */
  async requestSupplement(
    filingRef: string,
    officer: string,
    items: readonly SupplementItem[],
    reason: string,
  ): Promise<IntakeOutcomeView> {
    const row = await this.settle(await this.existing(filingRef));
    if (row.outcome !== null) throw alreadyDecided(row);
    const view = await this.commands.execute(
      new RequestSupplementAtIntakeCommand(await this.intakeInput(row, officer), items, reason),
    );
    await this.decided(filingRef, 'supplement-requested', null);
    return view;
  }

  /** Form 03 for the filing. */
  async refuse(filingRef: string, officer: string, reasons: readonly string[]): Promise<IntakeOutcomeView> {
    const row = await this.settle(await this.existing(filingRef));
    if (row.outcome !== null) throw alreadyDecided(row);
    const view = await this.commands.execute(
      new RefuseAtIntakeCommand(await this.intakeInput(row, officer), reasons),
    );
    await this.decided(filingRef, 'refused', null);
    return view;
  }

  private async intakeInput(row: FilingRow, officer: string): Promise<IntakeInput> {
    const applicant = await this.vault.open(row.applicant_ref);
    if (applicant === 'erased')
      throw channelError(
        'FILING_ERASED',
        `The applicant's personal data of filing ${row.filing_ref} was erased; nothing can be decided on it`,
        `Dữ liệu cá nhân của hồ sơ ${row.filing_ref} đã bị xóa`,
      );
    return {
      intakeRef: row.filing_ref,
      procedureCode: row.procedure_code,
      channel: 'online',
      receivingUnitCode: row.receiving_unit_code,
      applicant,
      officer,
    };
  }

  /**
   * The row, with the outcome the record holds when the row does not say it yet (the API stopped between
   * recording the desk's decision and noting it here): the dossier bound to the reference, or the
   * intake's own stream.
   */
  private async settle(row: FilingRow): Promise<FilingRow> {
    if (row.outcome !== null) return row;
    const bound = await this.intakes.find(row.filing_ref);
    if (bound) return this.decided(row.filing_ref, 'accepted', bound.dossierCode);
    const [event] = await this.store.readStream(intakeStream(row.filing_ref), { maxCount: 1 });
    if (event?.type === 'DossierSupplementRequestedAtIntake')
      return this.decided(row.filing_ref, 'supplement-requested', null);
    if (event?.type === 'DossierRefusedAtIntake') return this.decided(row.filing_ref, 'refused', null);
    return row;
  }

  private async decided(filingRef: string, outcome: FilingOutcome, dossierCode: string | null) {
    const { rows } = await this.pool.query<FilingRow>(
      `UPDATE online_filings SET outcome = $2, dossier_code = $3, decided_at = coalesce(decided_at, now())
        WHERE filing_ref = $1 RETURNING *`,
      [filingRef, outcome, dossierCode],
    );
    return rows[0]!;
  }

  private async replay(keyDigest: string, fingerprint: string): Promise<FiledView | null> {
    const { rows } = await this.pool.query<FilingRow>(
      'SELECT * FROM online_filings WHERE idempotency_key = $1',
      [keyDigest],
    );
    const row = rows[0];
    if (!row) return null;
    if (row.fingerprint !== fingerprint)
      throw channelError(
        'FILING_IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was used for another filing: a retry must repeat the same filing; a new filing needs a new key',
        'Khóa Idempotency-Key đã được dùng cho một hồ sơ khác',
      );
    return filedView(row.filing_ref, row.lookup_key, row.filed_at);
  }

  private async row(filingRef: string): Promise<FilingRow | null> {
    if (!isChannelReference('TT', filingRef)) return null;
    const { rows } = await this.pool.query<FilingRow>('SELECT * FROM online_filings WHERE filing_ref = $1', [
      filingRef,
    ]);
    return rows[0] ?? null;
  }

  private async existing(filingRef: string): Promise<FilingRow> {
    const row = await this.row(filingRef);
    if (!row) throw notFound(filingRef);
    return row;
  }

  private async procedureName(code: string): Promise<{ vi: string; en?: string } | null> {
    try {
      return (await this.procedures.forIntake(code)).definition.name;
    } catch (error) {
      if (error instanceof DomainError) return null;
      throw error;
    }
  }
}

function filedView(filingRef: string, lookupKey: string, at: Date): FiledView {
  return {
    filingRef,
    lookupKey,
    filedAt: vietnamIso(at.getTime()),
    status: 'waiting',
    links: {
      status: `/public/filings/${encodeURIComponent(filingRef)}?key=${encodeURIComponent(lookupKey)}`,
    },
  };
}

function invalid(problems: readonly ProblemDetail[]): DomainError {
  return channelError(
    'FILING_INVALID',
    `The filing cannot be accepted: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}; nothing was kept`,
    'Hồ sơ chưa hợp lệ (xem danh sách lỗi); chưa có gì được lưu',
    problems,
  );
}

function notFound(filingRef: string): DomainError {
  return channelError(
    'FILING_NOT_FOUND',
    `No online filing ${filingRef} with this lookup key`,
    `Không tìm thấy hồ sơ trực tuyến ${filingRef} với mã tra cứu này`,
  );
}

function alreadyDecided(row: FilingRow): DomainError {
  return channelError(
    'FILING_ALREADY_DECIDED',
    `Filing ${row.filing_ref} was already decided: ${row.outcome}${row.dossier_code ? ` (dossier ${row.dossier_code})` : ''}`,
    `Hồ sơ ${row.filing_ref} đã được xử lý`,
  );
}
