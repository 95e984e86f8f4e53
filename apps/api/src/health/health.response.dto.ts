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

export class HealthResponseDto {
  @ApiProperty({ enum: ['up', 'down'] }) status!: 'up' | 'down';
  @ApiProperty({ type: Dependencies }) dependencies!: Dependencies;
}
