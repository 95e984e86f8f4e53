import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class ReissueAgencyCodeRequestDto {
  @ApiProperty({ example: '000.00.72.H79' })
  @IsString()
  @IsNotEmpty()
  newCode!: string;

  @ApiProperty({ example: 'Sắp xếp đơn vị hành chính cấp tỉnh năm 2025' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}

export class DeactivateAgencyRequestDto {
  @ApiProperty({ example: 'Giải thể theo Nghị quyết …' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}
