import { Module } from '@nestjs/common';
import { CoordinationModule } from '@lien-thong/coordination';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';

@Module({ imports: [CoordinationModule.forApi()], controllers: [HealthController, MetricsController] })
export class HealthModule {}
