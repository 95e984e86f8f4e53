import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { DossiersModule } from '@lien-thong/dossiers';
import { SimulationHttpController } from './simulation.http.controller';
import { ProcedureSimulationService } from './simulate/procedure-simulation.service';
import { WhatIfService } from './what-if/what-if.service';

/** Simulation and what-if (issue 21): HTTP only; everything it reads is the record, nothing is written. */
@Module({
  imports: [CqrsModule, DossiersModule],
  controllers: [SimulationHttpController],
  providers: [ProcedureSimulationService, WhatIfService],
})
export class SimulationModule {}
