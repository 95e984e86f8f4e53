import { formError } from './form-errors';
import {
  Allow,
  CurrentPrincipal,
  PersonalDataRead,
  requirePrincipal,
  type Principal,
} from '@lien-thong/access';
import { DossierAccess } from '@lien-thong/dossier-tracing';
import { Controller, Get, Param, Query as QueryParam, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { FORM_NUMBERS, type FormLanguage, type FormNumber } from './form-document';
import { DossierForms, type FormFormat, type RenderedForm } from './dossier-forms.service';

function parseForm(file: string): { form: FormNumber; format: FormFormat } {
  const m = /^(\d{2})\.(html|pdf)$/.exec(file);
  if (!m || !FORM_NUMBERS.includes(m[1] as FormNumber))
    throw formError(
      'FORM_UNKNOWN',
      `Unknown form "${file}": use 01.html … 07.html, or .pdf`,
      `Không có biểu mẫu "${file}": dùng 01.html … 07.html hoặc .pdf`,
    );
  return { form: m[1] as FormNumber, format: m[2] as FormFormat };
}

function parseLanguage(lang: string | undefined): FormLanguage {
  if (lang === undefined || lang === '' || lang === 'vi') return 'vi';
  if (lang === 'en') return 'en';
  throw formError('LANGUAGE_UNKNOWN', `lang must be vi or en, got "${lang}"`, 'lang phải là vi hoặc en');
}

function send(res: Response, rendered: RenderedForm): void {
  res.setHeader('Content-Type', rendered.contentType);
  res.setHeader('Content-Disposition', `inline; filename="${rendered.filename}"`);
  res.send(rendered.body);
}

const FORM_NUMBERING =
  'The file name uses Circular 03/2025/TT-VPCP numbering whatever the dossier: 01 receipt and appointment slip, 02 supplement request, 03 refusal, 04 apology (and request to extend), 05 notice of stopping, 06 control slip, 07 register. The printed form carries the number and title of the rule set the dossier follows, chosen by its day of receipt: a dossier received before 1/7/2025 (Decree 61/2018/NĐ-CP, Circular 01/2018/TT-VPCP) prints 06.html as "Mẫu số 05" and its apology as "Phiếu xin lỗi và hẹn lại ngày trả kết quả"; Circular 01/2018 prescribes no stop notice, so its 05.html says so instead of a number. 01 is 404 FORM_NOT_AVAILABLE when the result was given at once and the applicant asked for no receipt.';

/**
 * The official forms rendered from the history, as HTML or PDF: the URL numbers them as Circular 03/2025
 * does, the printed form as the dossier's rule set does (FORM_NUMBERING). Every
 * form prints the applicant (name, address, contact, id number), so only the roles that need personal
 * data see them: the reception desk, auditors and administrators. Agencies follow a dossier through the
 * timeline and the control slip's data, which carry none.
 */
@ApiTags('dossiers (forms)')
@Controller()
export class DossierFormsHttpController {
  constructor(
    private readonly forms: DossierForms,
    private readonly access: DossierAccess,
  ) {}

  @Allow('reception-officer', 'auditor', 'administrator')
  @PersonalDataRead()
  @Get('dossiers/:code/forms/:file')
  @ApiOperation({
    summary: 'Form 01 to 06 of a dossier, e.g. 01.pdf (receipt), 06.html (control slip); ?lang=en',
    description: FORM_NUMBERING,
  })
  @ApiProduces('text/html', 'application/pdf')
  @ApiQuery({ name: 'lang', required: false, enum: ['vi', 'en'] })
  async dossierForm(
    @Param('code') code: string,
    @Param('file') file: string,
    @Res() res: Response,
    @CurrentPrincipal() who?: Principal,
    @QueryParam('lang') lang?: string,
  ): Promise<void> {
    const { form, format } = parseForm(file);
    await this.access.assertMayReadDossier(code, requirePrincipal(who), 'personal-data');
    send(res, await this.forms.dossierForm(code, form, format, parseLanguage(lang)));
  }

  @Allow('reception-officer', 'auditor', 'administrator')
  @PersonalDataRead()
  @Get('intakes/:ref/forms/:file')
  @ApiOperation({ summary: 'Form 02 or 03 of an intake that ended without a dossier code' })
  @ApiProduces('text/html', 'application/pdf')
  @ApiQuery({ name: 'lang', required: false, enum: ['vi', 'en'] })
  async intakeForm(
    @Param('ref') ref: string,
    @Param('file') file: string,
    @Res() res: Response,
    @CurrentPrincipal() who?: Principal,
    @QueryParam('lang') lang?: string,
  ): Promise<void> {
    const { form, format } = parseForm(file);
    await this.access.assertMayReadIntake(ref, requirePrincipal(who));
    send(res, await this.forms.intakeForm(ref, form, format, parseLanguage(lang)));
  }

  @Allow('reception-officer', 'auditor', 'administrator')
  @PersonalDataRead()
  @Get('register/forms/:file')
  @ApiOperation({
    summary: 'Form 07, the dossier register of a period: 07.html or 07.pdf?from=…&to=…&unit=…',
    description:
      'Printed under the rule set in force on the first day of the period: "Mẫu số 07" (Circular 03/2025/TT-VPCP) from 1/7/2025, "Mẫu số 06" (Circular 01/2018/TT-VPCP) before. Columns: number of sets, applicant with address and phone, lead agency, the five dates, notes (a same-day dossier resolved within the day says so).',
  })
  @ApiProduces('text/html', 'application/pdf')
  @ApiQuery({
    name: 'unit',
    required: false,
    description: 'One receiving unit (default: every unit the caller may see)',
  })
  @ApiQuery({ name: 'lang', required: false, enum: ['vi', 'en'] })
  async registerForm(
    @CurrentPrincipal() who: Principal | undefined,
    @Param('file') file: string,
    @Res() res: Response,
    @QueryParam('from') from: string,
    @QueryParam('to') to: string,
    @QueryParam('unit') unit?: string,
    @QueryParam('lang') lang?: string,
  ): Promise<void> {
    const { form, format } = parseForm(file);
    if (form !== '07') throw formError('FORM_UNKNOWN', 'The register is form 07', 'Sổ theo dõi là mẫu số 07');
    const unitCode = this.access.registerUnit(requirePrincipal(who), unit || undefined);
    send(
      res,
      await this.forms.registerForm(
        { from, to, ...(unitCode !== undefined ? { unitCode } : {}) },
        format,
        parseLanguage(lang),
      ),
    );
  }
}
