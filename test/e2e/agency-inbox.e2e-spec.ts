import { TEST_PROCEDURES } from '@lien-thong/procedures';
import { startApiTestApp, type ApiTestApp, AGENCY_STAFF } from '../support/api-test-app';
import { until } from '../support/until';

/**
 * The agency inbox (hộp việc): every step an agency holds now, soonest deadline first, filtered by
 * due date, overdue and accepted, following the coordination workflow (budgets of seconds on the
 * always-open calendar).
 */
const DESK = '000.00.71.H29';
const POLICE = '000.00.72.H29';
const INSURANCE = '000.00.61.H29';

interface InboxItem {
  dossierCode: string;
  stepId: string;
  agencyCode: string;
  deadline: string;
  acceptedAt: string | null;
  overdue: boolean;
  overdueDetectedAt: string | null;
  links: { accept: string; complete: string };
}
interface InboxPage {
  agencyCode: string;
  items: InboxItem[];
  total: number;
}

describe('agency inbox (the steps an agency holds now)', () => {
  let t: ApiTestApp;
  const http = () => t.http();

  const inbox = async (agency: string, query = ''): Promise<InboxPage> =>
    (await http().get(`/agencies/${agency}/inbox${query}`).expect(200)).body as InboxPage;
  const mine = async (agency: string, code: string, query = '') =>
    (await inbox(agency, query)).items.filter((i) => i.dossierCode === code);
  const holding = (agency: string, code: string, stepId: string, query = '') =>
    until(`${agency} holding ${stepId}${query}`, async () =>
      (await mine(agency, code, query)).find((i) => i.stepId === stepId),
    );
  const act = (path: string, agency: string, body: object = {}) =>
    t
      .as(AGENCY_STAFF, agency)
      .post(path)
      .send({ agencyCode: agency, ...body })
      .expect(200);

  beforeAll(async () => {
    t = await startApiTestApp('e2e_agency_inbox', {
      overrides: { seed: 'sample', calendar: 'always-open' },
      coordination: true,
    });
    const parallel = TEST_PROCEDURES.find((p) => p.code === '9.000002')!;
    await t.as('procedure-designer', null, 'designer').post('/procedures').send(parallel).expect(201);
    await t
      .as('procedure-designer', null, 'designer')
      .post(`/procedures/${parallel.code}/versions`)
      .expect(201);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('shows each agency the steps it holds, with filters, and follows accept, complete and overdue', async () => {
    const received = await t
      .as('reception-officer', DESK, 'can-bo-1')
      .post('/dossiers')
      .send({
        procedureCode: '9.000002',
        channel: 'online',
        receivingUnitCode: DESK,
        applicantCommuneCode: DESK,
        stepOwners: { police: POLICE },
        applicant: { fullName: 'Phạm Văn Thử', address: '1 Hàm Nghi', idNumber: '079000000001' },
        documents: [],
      })
      .expect(201);
    const code = received.body.dossierCode as string;

    // The first step is the desk's, not yet accepted; nobody else holds anything of this dossier.
    const start = await holding(DESK, code, 'start');
    expect(start).toMatchObject({ agencyCode: DESK, acceptedAt: null, overdue: false });
    expect(await mine(DESK, code, '?accepted=true')).toEqual([]);
    expect(await mine(POLICE, code)).toEqual([]);

    // Accepting moves it to the accepted filter; completing hands both branches on.
    await act(start.links.accept, DESK);
    await holding(DESK, code, 'start', '?accepted=true');
    await act(start.links.complete, DESK, { resultSummary: 'xong' });
    const police = await holding(POLICE, code, 'police');
    const insurance = await holding(INSURANCE, code, 'insurance');
    expect(await mine(DESK, code)).toEqual([]);
    // Due-date filter: each branch is due within its 5-second budget, none before the handoff.
    expect((await mine(POLICE, code, `?dueBefore=${encodeURIComponent(police.deadline)}`)).length).toBe(1);
    const before = new Date(Date.parse(police.deadline) - 60_000).toISOString();
    expect(await mine(POLICE, code, `?dueBefore=${encodeURIComponent(before)}`)).toEqual([]);

    // Insurance finishes in time; the police branch runs late and shows as overdue, recorded.
    await act(insurance.links.accept, INSURANCE);
    await act(insurance.links.complete, INSURANCE, { resultSummary: 'xong' });
    const late = await until('the police step recorded overdue', async () =>
      (await mine(POLICE, code, '?overdue=true')).find((i) => i.overdueDetectedAt !== null),
    );
    expect(late).toMatchObject({ stepId: 'police', overdue: true });
    expect(await mine(POLICE, code, '?overdue=false')).toEqual([]);
    expect(await mine(INSURANCE, code)).toEqual([]);

    await http().post(`/dossiers/${code}/withdrawal`).send({ reason: 'Kết thúc kiểm thử' }).expect(200);
    await until('the withdrawn dossier to leave the inbox', async () =>
      (await mine(POLICE, code)).length === 0 ? true : undefined,
    );
  }, 60_000);

  it('refuses bad filters with a 400 naming the parameter', async () => {
    for (const [query, path] of [
      ['?overdue=maybe', 'overdue'],
      ['?dueBefore=tomorrow', 'dueBefore'],
      ['?limit=0', 'limit'],
    ] as const) {
      const res = await http().get(`/agencies/${POLICE}/inbox${query}`).expect(400);
      expect(JSON.stringify(res.body)).toContain(path);
    }
    const unknown = await http().get(`/agencies/${POLICE}/inbox?holder=x`).expect(400);
    expect(unknown.body.code).toBe('QUERY_PARAMETER_UNKNOWN');
  });
});
