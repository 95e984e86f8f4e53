import { formError } from './form-errors';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CLOCK, STAFF_DIRECTORY, type Clock, type StaffDirectory } from '@lien-thong/contracts';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@lien-thong/event-store';
import { AGENCY_DIRECTORY, type AgencyDirectory } from '@lien-thong/agencies';
import { BoundProcedures, dossierNotFound, intakeNotFound } from '@lien-thong/dossiers';
import { vietnamIso } from '@lien-thong/dossiers';
import {
  GetControlSlip,
  ListRegister,
  type ControlSlip,
  type RegisterPage,
} from '@lien-thong/dossier-tracing';
import { buildControlSlipForm, buildForm, buildRegisterForm, type FormContext } from './form-builders';
import type { FormDocument, FormLanguage, FormNumber } from './form-document';
import { renderFormHtml } from './form-html';
import { renderFormPdf } from './form-pdf';
import {
  type ApplicantDetails,
  PERSONAL_DATA_VAULT,
  type PersonalDataVault,
} from '@lien-thong/personal-data';
import {
  dossierStream,
  intakeStream,
  ruleSetAt,
  ruleSetOf,
  type DossierEvent,
  type DossierReceivedData,
  type RuleSet,
} from '@lien-thong/dossier-model';

export type FormFormat = 'html' | 'pdf';

export interface RenderedForm {
  readonly contentType: string;
  readonly body: string | Buffer;
  readonly filename: string;
}

/** Renders the official forms from the event history (and, for 06 and 07, from the read models). */
@Injectable()
export class DossierForms {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(AGENCY_DIRECTORY) private readonly agencies: AgencyDirectory,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly procedures: BoundProcedures,
    private readonly queries: QueryBus,
    @Optional() @Inject(STAFF_DIRECTORY) private readonly staff: StaffDirectory | null = null,
  ) {}

  async dossierForm(
    code: string,
    form: FormNumber,
    format: FormFormat,
    language: FormLanguage,
  ): Promise<RenderedForm> {
    if (form === '07')
      throw formError(
        'FORM_NOT_PER_DOSSIER',
        'Form 07 is the register of a period: GET /register/forms/07.html?from=…&to=…',
        'Mẫu số 07 là sổ theo dõi theo kỳ: dùng /register/forms/07.html?from=…&to=…',
      );
    const events = await this.store.readStream(dossierStream(code));
    if (events.length === 0) throw dossierNotFound(code);
    const ctx = await this.context(events, language);
    const doc =
      form === '06'
        ? buildControlSlipForm(
            await this.queries.execute<GetControlSlip, ControlSlip>(new GetControlSlip(code)),
            ctx,
          )
        : buildForm(form, events, ctx);
    return this.render(doc, format, `${code}-mau-${form}`);
  }

  async intakeForm(
    ref: string,
    form: FormNumber,
    format: FormFormat,
    language: FormLanguage,
  ): Promise<RenderedForm> {
    if (form !== '02' && form !== '03')
      throw formError(
        'FORM_NOT_FOR_INTAKE',
        `An intake without a dossier code has form 02 or 03, not ${form}`,
        `Lượt tiếp nhận chưa có mã hồ sơ chỉ có mẫu 02 hoặc 03`,
      );
    const events = await this.store.readStream(intakeStream(ref));
    if (events.length === 0) throw intakeNotFound(ref);
    return this.render(
      buildForm(form, events, await this.context(events, language)),
      format,
      `${ref}-mau-${form}`,
    );
  }

  async registerForm(
    criteria: { from: string; to: string; unitCode?: string },
    format: FormFormat,
    language: FormLanguage,
  ): Promise<RenderedForm> {
    const directory = await this.agencies.snapshot();
    const lines = [];
    let offset: number | null = 0;
    while (offset !== null) {
      const page: RegisterPage = await this.queries.execute<ListRegister, RegisterPage>(
        new ListRegister({ ...criteria, limit: 1000, offset }),
      );
      for (const e of page.items) {
        const definition = await this.procedures.definition(e.procedure.code, e.procedure.version);
        lines.push({
          code: e.code,
          procedureName: language === 'en' ? (definition.name.en ?? definition.name.vi) : definition.name.vi,
          sets: e.sets ?? 1,
          applicant: e.applicantDataErased ? ('erased' as const) : await this.vault.open(e.applicantRef),
          leadAgencyName: e.leadAgencyCode
            ? (directory.get(e.leadAgencyCode)?.name.vi ?? e.leadAgencyCode)
            : null,
          receivedAt: e.receivedAt,
          dueAt: e.appointmentAt,
          transferredAt: e.transferredAt,
          resultReadyAt: e.resultReadyAt,
          returnedAt: e.returnedAt,
          resolvedWithinDay: e.resolvedWithinDay ?? null,
          notes: e.notes.map((n) => n.text[language]).join('; '),
        });
      }
      offset = page.nextOffset;
    }
    const unitName = criteria.unitCode
      ? (directory.get(criteria.unitCode)?.name.vi ?? criteria.unitCode)
      : language === 'vi'
        ? 'Bộ phận Một cửa'
        : 'One-stop desks';
    // The register of a period follows the rule set of its first day (its numbering: 06 or 07).
    const ruleSet = ruleSetAt(criteria.from) ?? ruleSetAt(criteria.to);
    if (!ruleSet)
      throw formError(
        'FORM_NOT_AVAILABLE',
        'No rule set was in force in that period (the first, Decree 61/2018, from 21/6/2018)',
        'Không có quy định nào có hiệu lực trong kỳ này (sớm nhất: Nghị định 61/2018, từ 21/6/2018)',
      );
    const doc = buildRegisterForm(
      lines,
      { from: criteria.from, to: criteria.to, unitName },
      { language, generatedAt: vietnamIso(this.clock.now()), ruleSet },
    );
    return this.render(doc, format, `so-theo-doi-ho-so`);
  }

  private async context(events: readonly RecordedEvent[], language: FormLanguage): Promise<FormContext> {
    const first = events[0]!.data as {
      applicantRef: string;
      procedure: { code: string; version: number | null };
    };
    const directory = await this.agencies.snapshot();
    const definition =
      first.procedure.version !== null
        ? await this.procedures.definition(first.procedure.code, first.procedure.version).catch(() => null)
        : null;
    // The routing the dossier is bound to (a join step's predecessors); an intake has none.
    const routing =
      events[0]!.type === 'DossierReceived' ? (events[0]!.data as DossierReceivedData).routing : null;
    // The staff who signed (receiving officers, the officer of an intake's outcome): printed by name.
    const signers = events.flatMap((e) => {
      const d = e.data as { receivingOfficer?: unknown; officer?: unknown };
      return [d.receivingOfficer, d.officer].filter((x): x is string => typeof x === 'string');
    });
    const names = this.staff ? await this.staff.displayNames(signers) : new Map<string, string>();
    const erased = events.some((e) => e.type === 'ApplicantDataErased');
    let applicant: ApplicantDetails | 'erased' = 'erased';
    if (!erased) applicant = await this.vault.open(first.applicantRef);
    return {
      language,
      applicant,
      procedure: {
        code: first.procedure.code,
        version: first.procedure.version,
        name: definition?.name ?? { vi: first.procedure.code },
        ...(definition ? { statutoryLimit: definition.statutoryLimit } : {}),
      },
      ruleSet: ruleSetOfStream(events[0]!),
      agencyName: (code) => {
        const a = directory.get(code);
        return a ? (language === 'en' ? (a.name.en ?? a.name.vi) : a.name.vi) : undefined;
      },
      documentName: (code) => {
        const d = definition?.requiredDocuments.find((r) => r.code === code);
        return d ? (language === 'en' ? (d.name.en ?? d.name.vi) : d.name.vi) : undefined;
      },
      stepName: (id) => {
        const step = definition?.steps.find((x) => x.id === id);
        return step ? (language === 'en' ? (step.name.en ?? step.name.vi) : step.name.vi) : undefined;
      },
      staffName: (personId) => names.get(personId),
      stepsBefore: (id) => routing?.steps.find((x) => x.id === id)?.after ?? [],
      generatedAt: vietnamIso(this.clock.now()),
    };
  }

  private async render(doc: FormDocument, format: FormFormat, name: string): Promise<RenderedForm> {
    return format === 'html'
      ? { contentType: 'text/html; charset=utf-8', body: renderFormHtml(doc), filename: `${name}.html` }
      : { contentType: 'application/pdf', body: await renderFormPdf(doc), filename: `${name}.pdf` };
  }
}

/**
 * The rule set a stream's forms follow: a dossier's is bound at receipt; an intake that ended without a
 * code (forms 02 and 03) follows the one in force on the day of its outcome.
 */
function ruleSetOfStream(first: RecordedEvent): RuleSet {
  const event = { type: first.type, data: first.data } as DossierEvent;
  const found =
    event.type === 'DossierReceived'
      ? ruleSetOf(event.data.ruleSet)
      : event.type === 'DossierRefusedAtIntake'
        ? ruleSetAt(event.data.refusedAt)
        : event.type === 'DossierSupplementRequestedAtIntake'
          ? ruleSetAt(event.data.requestedAt)
          : null;
  if (!found)
    throw formError(
      'FORM_NOT_AVAILABLE',
      'No rule set was in force when this record began, so no form applies to it',
      'Không có quy định nào có hiệu lực khi lập hồ sơ này: không có biểu mẫu áp dụng',
    );
  return found;
}
