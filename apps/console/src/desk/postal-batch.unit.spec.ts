import { parsePostalBatch, postalIntakeRef, rowProblems } from './postal-batch';

const t = (key: string) => key;
const CSV = [
  'tracking,procedureCode,fullName,idNumber,address,phone,email,dateOfBirth,documents',
  'EB123456789VN,1.001193,Nguyễn Thị Minh Khai,079190001234,"12 Lê Lợi, phường Sài Gòn",0903123456,,1990-05-19,to-khai-lien-thong;giay-chung-sinh',
  'EB987654321VN,1.001193,Trần Văn Bưu,12,1 Hàm Nghi,,,,to-khai-lien-thong',
  '',
].join('\r\n');

describe('a postal batch (bưu chính công ích)', () => {
  it('reads one dossier a line, quoted fields and Vietnamese text kept', () => {
    const { rows, fileProblems } = parsePostalBatch(`\uFEFF${CSV}`);
    expect(fileProblems).toEqual([]);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      line: 2,
      tracking: 'EB123456789VN',
      applicant: { fullName: 'Nguyễn Thị Minh Khai', address: '12 Lê Lợi, phường Sài Gòn', email: '' },
      documents: ['to-khai-lien-thong', 'giay-chung-sinh'],
    });
  });
  it('says which columns a file lacks', () => {
    expect(parsePostalBatch('tracking,fullName\nA,B').fileProblems).toEqual([
      'missing columns: procedureCode, idNumber, address',
    ]);
  });
  it('checks each line as the desk form does, and the tracking number as an intake reference', () => {
    const [good, bad] = parsePostalBatch(CSV).rows;
    const procedure = {
      requiredDocuments: [{ code: 'to-khai-lien-thong' }, { code: 'giay-chung-sinh' }],
      intakeChannels: ['counter', 'post'],
    };
    expect(rowProblems(good!, procedure, t)).toEqual({});
    expect(rowProblems(good!, { ...procedure, intakeChannels: ['counter'] }, t)).toEqual({
      procedureCode: 'postal.notByPost',
    });
    expect(Object.keys(rowProblems(bad!, procedure, t)).sort()).toEqual([
      'applicant.idNumber',
      'documents.giay-chung-sinh',
    ]);
    expect(rowProblems(good!, undefined, t)).toEqual({ procedureCode: 'postal.procedureUnknown' });
    expect(postalIntakeRef('EB123456789VN')).toBe('BCCI-EB123456789VN');
    expect(postalIntakeRef('mã có dấu')).toBeNull();
  });
});
