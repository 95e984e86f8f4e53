export { checkApplicantDetails, type ApplicantDetails } from './applicant-details';
export { PERSONAL_DATA_VAULT, type PersonalDataVault, type SealedRef } from './personal-data-vault.port';
export { InMemoryPersonalDataVault } from './in-memory-personal-data-vault';
/** The PostgreSQL vault itself, for operator commands (master-key rotation). */
export { PostgresPersonalDataVault, type MasterKeyUsage } from './postgres-personal-data-vault';
export { personalDataVaultFor, vaultMigrations } from './personal-data-vault.provider';
export { PersonalDataModule } from './personal-data.module';
