import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class DependencyHealth {
  @ApiProperty({ enum: ['up', 'down'] }) status!: 'up' | 'down';
  @ApiProperty() latencyMs!: number;
  @ApiPropertyOptional() error?: string;
  @ApiPropertyOptional() kind?: string;
  @ApiPropertyOptional() address?: string;
}

class Dependencies {
  @ApiProperty({ type: DependencyHealth }) postgres!: DependencyHealth;
  @ApiProperty({ type: DependencyHealth }) eventStore!: DependencyHealth;
  @ApiProperty({ type: DependencyHealth }) temporal!: DependencyHealth;
}

export class CoordinationHealth {
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'Dossiers NOT coordinated because their intake met a finished workflow of another deployment or ' +
      "of the event store's earlier life (the worker logs each; they are listed in the table " +
      'coordination_stranded_dossiers, a row deleted once handled). Does not change `status`. Null when ' +
      'unknown: PostgreSQL is down, or no worker has started yet.',
  })
  strandedDossiers!: number | null;
}

export class HealthResponseDto {
  @ApiProperty({ enum: ['up', 'down'], description: 'up: PostgreSQL, the event store and Temporal answer.' })
  status!: 'up' | 'down';
  @ApiPropertyOptional({ type: Dependencies, description: 'For administrators only.' })
  dependencies?: Dependencies;
  @ApiPropertyOptional({ type: CoordinationHealth, description: 'For administrators only.' })
  coordination?: CoordinationHealth;
}
