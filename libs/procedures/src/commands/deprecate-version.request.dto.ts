import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class DeprecateVersionRequestDto {
  @ApiProperty({ example: 'Thay thế bởi quy trình theo Nghị định 118/2025/NĐ-CP' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}
