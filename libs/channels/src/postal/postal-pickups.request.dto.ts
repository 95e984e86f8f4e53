import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { DocumentDto } from '@lien-thong/dossiers';
import { OnlineFilingRequestDto } from '../online-filing/online-filing.request.dto';

/**
 * Thu gom hồ sơ tại nhà: who asks (the phone is required: PostalPickups checks it), for which procedure
 * and which desk.
 */
export class PickupRequestDto extends PickType(OnlineFilingRequestDto, [
  'procedureCode',
  'receivingUnitCode',
  'applicant',
] as const) {}

/** What the desk checked of the paper that arrived, as at the counter. */
export class PickupReceiveRequestDto {
  @ApiProperty({ type: [DocumentDto] })
  @IsArray()
  @ValidateNested({ each: true })
  @ArrayMaxSize(200)
  @Type(() => DocumentDto)
  documents!: DocumentDto[];

  @ApiPropertyOptional({ example: '000.00.71.H29', description: "The applicant's commune" })
  @IsOptional()
  @IsString()
  applicantCommuneCode?: string;

  @ApiPropertyOptional({ example: { 'register-residence': '000.00.72.H29' } })
  @IsOptional()
  @IsObject()
  stepOwners?: Record<string, string>;

  @ApiPropertyOptional({ example: '000.00.71.H29' })
  @IsOptional()
  @IsString()
  collectAtUnitCode?: string;
}
