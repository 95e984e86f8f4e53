import { PortalClient, readSubmission } from './portal-client';
import { PortalSimulator } from './portal-simulator';

describe('a submission from the portal', () => {
  const good = {
    portalId: 'G22.2026.000001',
    submittedAt: '2026-03-09T01:02:03.000Z',
    procedureCode: '1.001193',
    receivingUnitCode: '000.00.71.H29',
    applicant: { fullName: 'Phạm Thị Lan', address: '20 Pasteur', idNumber: '079190005555' },
    documents: [{ code: 'to-khai-lien-thong', copies: 1, original: true }],
  };

  it('is read when it has the shape of one', () => {
    expect(readSubmission(good)).toEqual({ ok: true, submission: good });
  });

  it('is refused field by field otherwise, before anything of ours reads it', () => {
    const bad = readSubmission({
      ...good,
      portalId: '../x',
      applicant: { fullName: '', address: 5 },
      documents: [{ code: 'x', copies: 0 }],
    });
    expect(bad.ok).toBe(false);
    expect(bad.ok ? [] : bad.problems.map((p) => p.path).sort()).toEqual([
      'applicant.address',
      'applicant.fullName',
      'applicant.idNumber',
      'documents.0.copies',
      'portalId',
    ]);
    expect(readSubmission('not an object').ok).toBe(false);
  });
});

describe("a submission's file fetched from the portal", () => {
  const portal = new PortalSimulator('unit-portal-token', 2026);
  beforeAll(() => portal.start());
  afterAll(() => portal.stop());

  it('left unread past the call time limit (an upload refused on its type) takes nothing down', async () => {
    const portalId = portal.file({
      procedureCode: '1.001193',
      receivingUnitCode: '000.00.71.H29',
      applicant: { fullName: 'Phạm Thị Lan', address: '20 Pasteur', idNumber: '079190005555' },
      documents: [
        {
          code: 'giay-chung-sinh',
          copies: 1,
          files: [{ name: 'a.html', mediaType: 'text/html', content: Buffer.alloc(256 * 1024, 0x41) }],
        },
      ],
    });
    const client = new PortalClient(portal.url, portal.token, 400);
    const unread = await client.document(portalId, 'F1');
    expect(unread).toMatchObject({ contentType: 'text/html' });
    // Its time limit passes with the body unread: the stream errors, and no one is there to hear it.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(unread!.body.destroyed).toBe(true);
    // Read in time, the bytes are whole.
    const read = await new PortalClient(portal.url, portal.token, 5_000).document(portalId, 'F1');
    const chunks: Buffer[] = [];
    for await (const chunk of read!.body) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).length).toBe(256 * 1024);
    expect(await client.document(portalId, 'F9')).toBeUndefined();
  });
});
