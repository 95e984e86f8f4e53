import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RecordedEvent } from '@lien-thong/event-store';
import { evolveControlSlip } from '@lien-thong/dossier-tracing';
import {
  excludedStepDoneLate,
  foldDoc,
  INSURANCE,
  paidLateRecordedAsLate,
  POLICE,
} from '@lien-thong/dossier-tracing/testing';
import { buildControlSlipForm, buildForm, formatInstant, type FormContext } from './form-builders';
import { renderFormHtml } from './form-html';
import { renderFormPdf } from './form-pdf';
import { pdfTextsByFont } from './testing/pdf-text';
import { type ApplicantDetails } from '@lien-thong/personal-data';
import { ruleSetOf, type DossierEvent } from '@lien-thong/dossier-model';

const CODE = '000.00.71.H29-260212-0001';
const applicant: ApplicantDetails = {
  fullName: 'Nguyễn Thị Minh Khai',
  address: '12 Lê Lợi, phường Sài Gòn, Thành phố Hồ Chí Minh',
  phone: '0903123456',
  email: 'minhkhai@example.vn',
  idNumber: '079190001234',
  dateOfBirth: '1990-05-19',
};

function recorded(events: DossierEvent[]): RecordedEvent[] {
  return events.map((e, i) => ({
    id: `e${i}`,
    type: e.type,
    schemaVersion: 1,
    data: e.data,
    metadata: {
      occurredAt: '2026-02-12T10:00:00.000+07:00',
      actor: { personId: 'cb-1' },
      correlationId: 'c',
    },
    streamName: `dossier-${CODE}`,
    revision: i,
    position: BigInt(i + 1),
    recordedAt: '2026-02-12T03:00:00.000Z',
    hash: `h${i}`,
    previousHash: i === 0 ? null : `h${i - 1}`,
  }));
}

const received: DossierEvent = {
  type: 'DossierReceived',
  data: {
    dossierCode: CODE,
    intakeRef: 'DVCQG-1',
    procedure: { code: '1.001193', version: 1, bundleOf: [] },
    ruleSet: 'decree-118-2025',
    channel: 'counter',
    channelNote: null,
    applicantRef: 'pdv_x',
    documents: [
      { code: 'giay-chung-sinh', name: 'Giấy chứng sinh', copies: 1, original: true },
      { code: 'to-khai', name: null, copies: 2, original: false },
    ],
    receivedAt: '2026-02-12T10:00:00.000+07:00',
    appointmentAt: '2026-02-24T17:00:00.000+07:00',
    receivingUnitCode: '000.00.71.H29',
    receivingOfficer: 'Lê Văn Tiếp Nhận',
    collectAtUnitCode: '000.00.71.H29',
    routing: { supplementPolicy: 'pause', maxReappointments: 1, steps: [] },
  },
};

const ctx = (over: Partial<FormContext> = {}): FormContext => ({
  language: 'vi',
  applicant,
  procedure: {
    code: '1.001193',
    version: 1,
    name: { vi: 'Liên thông đăng ký khai sinh', en: 'Birth registration' },
  },
  agencyName: (code) => (code === '000.00.71.H29' ? 'Ủy ban nhân dân phường Sài Gòn' : undefined),
  documentName: (code) => (code === 'to-khai' ? 'Tờ khai điện tử liên thông' : undefined),
  ruleSet: ruleSetOf('decree-118-2025'),
  generatedAt: '2026-02-12T03:05:00.000Z',
  ...over,
});

describe('forms rendered from the history', () => {
  it('prints times in Vietnam time', () => {
    expect(formatInstant('2026-02-12T03:00:00Z', 'vi')).toBe('10:00 ngày 12/02/2026');
    expect(formatInstant('2026-02-24T17:00:00+07:00', 'en')).toBe('17:00 24/02/2026');
  });

  it('form 01 (HTML) carries the code, the applicant, the documents, the times and the officer', () => {
    const html = renderFormHtml(buildForm('01', recorded([received]), ctx()));
    for (const fact of [
      'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      CODE,
      'Nguyễn Thị Minh Khai',
      'Giấy chứng sinh',
      'Tờ khai điện tử liên thông',
      '10:00 ngày 12/02/2026',
      '17:00 ngày 24/02/2026',
      'Lê Văn Tiếp Nhận',
      '<meta charset="utf-8">',
    ])
      expect(html).toContain(fact);
  });

  it('escapes HTML in every printed value', () => {
    const html = renderFormHtml(
      buildForm(
        '01',
        recorded([received]),
        ctx({ applicant: { ...applicant, fullName: '<script>alert(1)</script>' } }),
      ),
    );
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('prints the erased mark instead of personal data, and keeps the timing facts', () => {
    const html = renderFormHtml(buildForm('01', recorded([received]), ctx({ applicant: 'erased' })));
    expect(html).not.toContain('Minh Khai');
    expect(html).not.toContain('079190001234');
    expect(html).toContain('đã xoá');
    expect(html).toContain('17:00 ngày 24/02/2026');
  });

  it('is available in English', () => {
    const html = renderFormHtml(buildForm('01', recorded([received]), ctx({ language: 'en' })));
    expect(html).toContain('RECEIPT AND APPOINTMENT SLIP');
    expect(html).toContain('Birth registration');
    expect(html).toContain('lang="en"');
  });

  it('refuses a form the history does not have (404)', () => {
    expect(() => buildForm('04', recorded([received]), ctx())).toThrow(
      expect.objectContaining({ code: 'FORM_NOT_AVAILABLE', kind: 'not-found' }),
    );
  });

  it('form 01 as PDF holds the Vietnamese text with its diacritics, searchable', async () => {
    const pdf = await renderFormPdf(buildForm('01', recorded([received]), ctx()), { compress: false });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // Lines wrapped by the layout are joined back before searching.
    const texts = pdfTextsByFont(pdf).join('').replace(/\n/g, '');
    for (const phrase of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
      'Nguyễn Thị Minh Khai',
      'Giấy chứng sinh',
      '17:00 ngày 24/02/2026',
      'Lê Văn Tiếp Nhận',
    ])
      expect(texts).toContain(phrase);
  });

  it('form 06 prints a step excluded from the limit as not counted, never as late', () => {
    const table = (events: readonly DossierEvent[], language: 'vi' | 'en') => {
      const slip = foldDoc(evolveControlSlip, events)!;
      const block = buildControlSlipForm(slip, ctx({ language })).blocks.find((b) => b.kind === 'table');
      if (block?.kind !== 'table') throw new Error('form 06 has a table');
      return block.rows;
    };
    const rows = table(excludedStepDoneLate, 'vi');
    const paying = rows.find((r) => r[0] === 'Giao bước: insurance')!;
    expect(paying[5]).toBe(
      'Hoàn thành; Không tính vào thời hạn giải quyết; quá thời hạn riêng của bước (17:00 26/11/2025)',
    );
    expect(rows.find((r) => r[0] === 'Giao bước: sign')![4]).toBe('không tính vào thời hạn giải quyết');
    expect(JSON.stringify(rows)).not.toContain('trễ hạn');
    expect(JSON.stringify(table(excludedStepDoneLate, 'en'))).not.toMatch(/\blate\b/);
    expect(JSON.stringify(table(paidLateRecordedAsLate, 'vi'))).toContain('trễ hạn');
  });

  it("form 01 signs the receiving officer with the person's name, not the login id", () => {
    const byLogin: DossierEvent = {
      ...received,
      data: { ...received.data, receivingOfficer: 'tk-desk' },
    };
    const html = renderFormHtml(
      buildForm(
        '01',
        recorded([byLogin]),
        ctx({ staffName: (id) => (id === 'tk-desk' ? 'Trần Thị Tiếp Nhận' : undefined) }),
      ),
    );
    expect(html).toContain('Trần Thị Tiếp Nhận');
    expect(html).not.toContain('tk-desk');
    // Someone the directory does not know (a record older than the directory) keeps the reference.
    expect(renderFormHtml(buildForm('01', recorded([byLogin]), ctx()))).toContain('tk-desk');
  });

  it('form 06 names the steps, and a step after several lists every agency that handed it over', () => {
    const names: Record<string, string> = {
      appraise: 'Thẩm định hồ sơ',
      'police-check': 'Xác minh cư trú',
      insurance: 'Nộp bảo hiểm',
      sign: 'Ký duyệt',
    };
    const slip = foldDoc(evolveControlSlip, excludedStepDoneLate)!;
    const form = buildControlSlipForm(
      slip,
      ctx({
        stepName: (id) => names[id],
        stepsBefore: (id) =>
          id === 'sign' ? ['police-check', 'insurance'] : id === 'appraise' ? [] : ['appraise'],
      }),
    );
    const table = form.blocks.find((b) => b.kind === 'table');
    if (table?.kind !== 'table') throw new Error('form 06 has a table');
    const steps = table.rows.map((r) => r[0]);
    expect(steps).toEqual(expect.arrayContaining(['Giao bước: Xác minh cư trú', 'Giao bước: Ký duyệt']));
    expect(steps.join()).not.toMatch(/: (police-check|insurance|sign)\b/);
    // "sign" follows police-check (police) and insurance (social insurance): both handed it over,
    // though the handoff event names only the last one.
    const sign = table.rows.find((r) => r[0] === 'Giao bước: Ký duyệt')!;
    expect(sign[1]).toContain(POLICE);
    expect(sign[1]).toContain(INSURANCE);
  });

  it('forms 02 to 05 come from their events', async () => {
    const stopped: DossierEvent = {
      type: 'ProcessingStopped',
      data: {
        reason: 'Người nộp hồ sơ đề nghị dừng',
        requester: 'applicant',
        requestingAgencyCode: null,
        legalGround: null,
        stoppedAt: '2026-02-13T09:00:00.000+07:00',
      },
    };
    const apology: DossierEvent = {
      type: 'ApologyIssued',
      data: {
        responsibleAgencyCode: '000.00.71.H29',
        reason: 'Cần xác minh thêm',
        originalDueAt: '2026-02-24T17:00:00.000+07:00',
        previousAppointmentAt: '2026-02-24T17:00:00.000+07:00',
        newAppointmentAt: '2026-02-27T17:00:00.000+07:00',
        issuedAt: '2026-02-23T09:00:00.000+07:00',
        signedBy: 'Chủ tịch UBND phường',
        noticeDueBy: '2026-02-23T17:00:00.000+07:00',
        withinNoticePeriod: true,
        reappointment: 1,
      },
    };
    const html04 = renderFormHtml(buildForm('04', recorded([received, apology]), ctx()));
    expect(html04).toContain('VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT');
    expect(html04).toContain('17:00 ngày 27/02/2026');
    expect(html04).toContain('Cần xác minh thêm');
    const html05 = renderFormHtml(buildForm('05', recorded([received, stopped]), ctx()));
    expect(html05).toContain('THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ');
    expect(html05).toContain('Người nộp hồ sơ đề nghị dừng');
    const pdf = await renderFormPdf(buildForm('04', recorded([received, apology]), ctx()), {
      compress: false,
    });
    expect(pdfTextsByFont(pdf).join('').replace(/\n/g, '')).toContain('Chủ tịch UBND phường');
  });
});

/** A tool of the machine (poppler-utils, qpdf: `.ci/run` installs them): its output, or a clear failure. */
function tool(command: string, args: readonly string[]): string {
  const run = spawnSync(command, args, { encoding: 'utf8' });
  if (run.error)
    throw new Error(
      `${command} is needed by this test (apt-get install -y qpdf poppler-utils): ${run.error.message}`,
    );
  if (run.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (${run.status}): ${run.stdout}${run.stderr}`);
  return run.stdout;
}

describe('PDF forms that archives and screen readers read (issue 25)', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'lien-thong-forms-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = async (name: string, doc: ReturnType<typeof buildForm>, compress = true) => {
    const target = path.join(dir, name);
    writeFileSync(target, await renderFormPdf(doc, { compress }));
    return target;
  };

  it('is tagged: a structure tree in reading order, its language and title shown, decoration as artifacts', async () => {
    const pdf = (
      await renderFormPdf(buildForm('01', recorded([received]), ctx()), { compress: false })
    ).toString('latin1');
    // The catalogue's MarkInfo dictionary (an indirect object) says the file is tagged.
    const markInfo = /\/MarkInfo (\d+) 0 R/.exec(pdf)![1];
    expect(pdf).toMatch(new RegExp(`\\n${markInfo} 0 obj\\s*<<\\s*/Marked true`));
    expect(pdf).toContain('/StructTreeRoot');
    expect(pdf).toMatch(/\/Lang \(vi-VN\)/);
    expect(pdf).toMatch(/\/DisplayDocTitle true/);
    const types = [...pdf.matchAll(/\/S \/(\w+)/g)].map((m) => m[1]);
    for (const type of ['Document', 'H1', 'P', 'Table', 'TR', 'TH', 'TD', 'Div'])
      expect(types).toContain(type);
    // Every text shown on the page is inside marked content (structure or artifact).
    expect(pdf).toMatch(/\/Artifact <<[^>]*\/Type \/Layout/);
    const content = pdf.split('stream').filter((chunk) => chunk.includes(' Tj') || chunk.includes(' TJ'));
    for (const chunk of content) expect(chunk.match(/ BDC/g)?.length ?? 0).toBeGreaterThan(0);
  });

  it('gives each file its own font subset tags (merged files never hold one tag for two subsets)', async () => {
    const tags = async (doc: ReturnType<typeof buildForm>) =>
      [
        ...(await renderFormPdf(doc, { compress: false }))
          .toString('latin1')
          .matchAll(/\/BaseFont \/([A-Z]{6})\+/g),
      ].map((m) => m[1]!);
    const receipt = await tags(buildForm('01', recorded([received]), ctx()));
    const english = await tags(buildForm('01', recorded([received]), ctx({ language: 'en' })));
    // Regular, bold and italic, each named in its font and its descendant font: three tags of their own.
    expect(new Set(receipt).size).toBe(3);
    expect(receipt).not.toContain('CZZZZZ');
    for (const tag of receipt) expect(english).not.toContain(tag);
    // The same form gives the same bytes.
    expect(await tags(buildForm('01', recorded([received]), ctx()))).toEqual(receipt);
  });

  it('passes qpdf --check, embeds its fonts with ToUnicode, and keeps the place name of the issuer on one line', async () => {
    const target = await file('01.pdf', buildForm('01', recorded([received]), ctx()));
    expect(tool('qpdf', ['--check', target])).toContain('No syntax or stream encoding errors found');
    const fonts = tool('pdffonts', [target])
      .split('\n')
      .slice(2)
      .filter((l) => l.trim() !== '');
    expect(fonts.length).toBeGreaterThan(0);
    // name, type, encoding, emb, sub, uni: every font embedded, subset, with a ToUnicode map.
    for (const line of fonts) expect(line).toMatch(/\byes\s+yes\s+yes\s+\d+\s+\d+\s*$/);
    const text = tool('pdftotext', ['-layout', target, '-']);
    // The authority on one line, the place whole on the next (it read "PHƯỜNG SÀI / GÒN").
    expect(text).toMatch(/^\s*ỦY BAN NHÂN DÂN\s{2,}CỘNG HÒA/m);
    expect(text).toMatch(/^\s*PHƯỜNG SÀI GÒN\s{2,}/m);
    expect(text).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
  });
});
