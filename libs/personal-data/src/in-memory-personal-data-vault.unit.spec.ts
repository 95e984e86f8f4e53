import { checkApplicantDetails, type ApplicantDetails } from './applicant-details';
import { InMemoryPersonalDataVault } from './in-memory-personal-data-vault';
import { personalDataVaultContract } from './testing/personal-data-vault.contract';

personalDataVaultContract('InMemoryPersonalDataVault', () => new InMemoryPersonalDataVault());

describe('applicant details', () => {
  const details: ApplicantDetails = {
    fullName: 'Nguyễn Thị Ánh',
    address: '12 Lê Lợi',
    phone: null,
    email: null,
    idNumber: '079190001234',
    dateOfBirth: '1990-05-17',
  };

  it('accepts complete details, with phone, e-mail and birth date optional', () => {
    expect(checkApplicantDetails(details)).toEqual([]);
    expect(checkApplicantDetails({ ...details, dateOfBirth: null })).toEqual([]);
  });

  it('lists every missing or malformed field', () => {
    expect(
      checkApplicantDetails({
        ...details,
        fullName: ' ',
        idNumber: '',
        email: 'anh',
        dateOfBirth: '1990-02-30',
      }).map((p) => [p.path, p.code]),
    ).toEqual([
      ['fullName', 'REQUIRED'],
      ['idNumber', 'REQUIRED'],
      ['email', 'FORMAT'],
      ['dateOfBirth', 'FORMAT'],
    ]);
  });
});
