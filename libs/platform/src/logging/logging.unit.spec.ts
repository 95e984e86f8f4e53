import { Writable } from 'node:stream';
import pino from 'pino';
import { loggedUrl, maskPersonalText, pinoOptions } from './logging';

describe('log redaction rules', () => {
  it('masks ID numbers, phone numbers and e-mail addresses in messages, not dossier or agency codes', () => {
    expect(maskPersonalText('CCCD 079306012345, CMND 123456789, gọi 0987654321 hoặc +84 987 654 321')).toBe(
      'CCCD [id-number], CMND [id-number], gọi [phone] hoặc [phone]',
    );
    expect(maskPersonalText('thư tới rieng.tu@example.vn')).toBe('thư tới [e-mail]');
    // Codes stay readable: a dossier code, an agency code, a revision.
    expect(maskPersonalText('dossier 000.00.71.H29-261206-0001 at agency 000.00.72.H29, revision 12')).toBe(
      'dossier 000.00.71.H29-261206-0001 at agency 000.00.72.H29, revision 12',
    );
  });

  it('keeps of a URL its path and the names of its query parameters', () => {
    expect(loggedUrl('/public/dossiers/X?key=ABCDE-12345&lang=vi&lang=en')).toEqual({
      path: '/public/dossiers/X',
      query: ['key', 'lang'],
    });
    expect(loggedUrl('/procedures')).toEqual({ path: '/procedures' });
  });

  it('censors personal fields and credentials in logged objects, and masks messages', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const logger = pino(pinoOptions({ level: 'info', format: 'json' }, { process: 'test' }), sink);
    logger.info(
      {
        applicant: { fullName: 'Trần Văn Ẩn', idNumber: '079306012345' },
        intake: { phone: '0987654321', address: '1 Ngõ Hẹp' },
        headers: { authorization: 'Bearer x.y.z' },
        dossierCode: '000.00.71.H29-261206-0001',
      },
      'received a dossier for 079306012345',
    );
    const line = lines.join('');
    for (const value of ['Trần Văn Ẩn', '079306012345', '0987654321', '1 Ngõ Hẹp', 'x.y.z'])
      expect({ value, found: line.includes(value) }).toEqual({ value, found: false });
    expect(JSON.parse(line)).toMatchObject({
      level: 'info',
      applicant: '[redacted]',
      intake: { phone: '[redacted]', address: '[redacted]' },
      dossierCode: '000.00.71.H29-261206-0001',
      msg: 'received a dossier for [id-number]',
    });
  });
});
