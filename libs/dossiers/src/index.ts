export * from './domain/index';
export { InMemoryPersonalDataVault } from './domain/in-memory-personal-data-vault';
/** For spec files only: the behaviour every PersonalDataVault implementation must show. */
export { personalDataVaultContract } from './domain/personal-data-vault.contract';
export {
  DefaultDossierCodeFormat,
  defaultDossierCodeFormat,
  type DossierCodeFormat,
  type DossierCodeParts,
} from './codes/dossier-code-format';
export { DOSSIER_SEQUENCE, type DossierSequence } from './codes/dossier-sequence.port';
export { DossierCodeIssuer } from './codes/dossier-code-issuer';
export { InMemoryDossierSequence } from './codes/in-memory-dossier-sequence';
export { PostgresDossierSequence } from './codes/postgres-dossier-sequence';
export { dossierCodeMigrations } from './codes/postgres-dossier-sequence.migrations';
