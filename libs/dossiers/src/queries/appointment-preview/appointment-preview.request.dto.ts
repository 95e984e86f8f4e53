import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { INTAKE_CHANNELS, type IntakeChannel } from '@lien-thong/dossier-model';

/** `GET /intakes/appointment?procedureCode=…&channel=…[&procedureVersion=…]` */
export class AppointmentPreviewQueryDto {
  @ApiProperty({ example: '1.001193' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  procedureCode!: string;

  @ApiPropertyOptional({ example: 1, description: 'Default: the current version' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'procedureVersion must be a whole number' })
  @Min(1)
  procedureVersion?: number;

  @ApiProperty({ enum: INTAKE_CHANNELS, example: 'counter' })
  @IsIn(INTAKE_CHANNELS as IntakeChannel[], {
    message: `channel must be one of ${INTAKE_CHANNELS.join(', ')}`,
  })
  channel!: IntakeChannel;
}
