import { Global, Module } from '@nestjs/common';
import { AGENCY_DIRECTORY, StaticAgencyDirectory } from './domain/agency-directory';
import { HCMC_SEED_AGENCIES } from './seed/seed-agencies';

@Global()
@Module({
  providers: [{ provide: AGENCY_DIRECTORY, useFactory: () => new StaticAgencyDirectory(HCMC_SEED_AGENCIES) }],
  exports: [AGENCY_DIRECTORY],
})
export class AgenciesModule {}
