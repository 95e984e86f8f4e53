import type { ApplicantDetails } from '../applicant-details';
import type { PersonalDataVault } from '../personal-data-vault.port';

/**
 * The behaviour every PersonalDataVault must show; call it from a spec file with a factory that
 * gives a fresh, empty vault (for the PostgreSQL one: a fresh test schema).
 */
export function personalDataVaultContract(
  name: string,
  makeVault: () => PersonalDataVault | Promise<PersonalDataVault>,
): void {
  const alice: ApplicantDetails = {
    fullName: 'Nguyễn Thị Ánh',
    address: '12 Lê Lợi, phường Sài Gòn, TP. Hồ Chí Minh',
    phone: '0901234567',
    email: 'anh@example.vn',
    idNumber: '079190001234',
    dateOfBirth: '1990-05-17',
  };
  const bob: ApplicantDetails = { ...alice, fullName: 'Trần Văn Bình', idNumber: '079185004321' };

  describe(`${name} (personal-data vault contract)`, () => {
    let vault: PersonalDataVault;
    beforeEach(async () => {
      vault = await makeVault();
    });

    it('opens what it sealed', async () => {
      const ref = await vault.seal('000.00.05.H54-251124-0001', alice);
      await expect(vault.open(ref)).resolves.toEqual(alice);
    });

    it('issues references that reveal none of the personal data', async () => {
      const ref = await vault.seal('000.00.05.H54-251124-0001', alice);
      for (const value of [
        alice.fullName,
        alice.idNumber,
        alice.phone,
        alice.email,
        alice.dateOfBirth,
        'Lê Lợi',
      ])
        expect(ref).not.toContain(value);
    });

    it('keeps several sealings of one dossier apart (e.g. corrected details)', async () => {
      const first = await vault.seal('000.00.05.H54-251124-0001', alice);
      const second = await vault.seal('000.00.05.H54-251124-0001', bob);
      expect(second).not.toBe(first);
      await expect(vault.open(first)).resolves.toEqual(alice);
      await expect(vault.open(second)).resolves.toEqual(bob);
    });

    it('opens every reference of an erased dossier as erased, and only of that dossier', async () => {
      const first = await vault.seal('000.00.05.H54-251124-0001', alice);
      const second = await vault.seal('000.00.05.H54-251124-0001', bob);
      const other = await vault.seal('000.00.05.H54-251124-0002', bob);
      await vault.erase('000.00.05.H54-251124-0001');
      await expect(vault.open(first)).resolves.toBe('erased');
      await expect(vault.open(second)).resolves.toBe('erased');
      await expect(vault.open(other)).resolves.toEqual(bob);
    });

    it('erases idempotently, also a dossier it never saw', async () => {
      const ref = await vault.seal('000.00.05.H54-251124-0001', alice);
      await vault.erase('000.00.05.H54-251124-0001');
      await vault.erase('000.00.05.H54-251124-0001');
      await vault.erase('000.00.05.H54-251124-9999');
      await expect(vault.open(ref)).resolves.toBe('erased');
    });

    it('refuses to seal again for an erased dossier', async () => {
      await vault.erase('000.00.05.H54-251124-0001');
      await expect(vault.seal('000.00.05.H54-251124-0001', alice)).rejects.toMatchObject({
        code: 'PERSONAL_DATA_ERASED',
        kind: 'conflict',
      });
    });

    it('refuses a reference it never issued', async () => {
      await expect(vault.open('pdv-unknown')).rejects.toMatchObject({
        code: 'PERSONAL_DATA_NOT_FOUND',
        kind: 'not-found',
      });
    });

    it('is not changed by changes to what it returned', async () => {
      const ref = await vault.seal('000.00.05.H54-251124-0001', alice);
      const opened = await vault.open(ref);
      if (opened !== 'erased') (opened as { fullName: string }).fullName = 'changed';
      await expect(vault.open(ref)).resolves.toEqual(alice);
    });
  });
}
