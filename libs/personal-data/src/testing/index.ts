/** For spec files only: the behaviour every PersonalDataVault implementation must show. */
export { personalDataVaultContract } from './personal-data-vault.contract';
