import { Module } from '@nestjs/common';
import { CoordinationModule } from '@lien-thong/coordination';
import { HealthController } from './health.controller';

@Module({ imports: [CoordinationModule.forApi()], controllers: [HealthController] })
export class HealthModule {}
