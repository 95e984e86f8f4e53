import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsObject,
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import {
  ApplicantDto,
  DocumentDto,
  IntakeRefusalBodyDto,
  IntakeSupplementBodyDto,
} from '@lien-thong/dossiers';

/** Nộp hồ sơ trực tuyến: what the applicant fills in, with the uploads' ids under each document. */
export class OnlineFilingRequestDto {
  @ApiProperty({ example: '1.001193', description: 'A procedure that takes online intake' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  procedureCode!: string;

  @ApiProperty({ example: '000.00.71.H29', description: 'The unit whose desk receives it' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  receivingUnitCode!: string;

  @ApiProperty({ type: ApplicantDto })
  // Without it a body with no applicant passes (nested validation skips undefined) and fails later.
  @IsObject({ message: 'applicant is required: an object with fullName, address and idNumber' })
  @ValidateNested()
  @Type(() => ApplicantDto)
  applicant!: ApplicantDto;

  @ApiPropertyOptional({ example: '000.00.71.H29', description: 'The commune where the applicant lives' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  applicantCommuneCode?: string;

  @ApiProperty({
    type: [DocumentDto],
    description: 'Each document with its scans, uploaded first (POST /public/files), by id',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => DocumentDto)
  documents!: DocumentDto[];
}

/** Form 02 for a filing: as at the counter. */
export class FilingSupplementRequestDto extends IntakeSupplementBodyDto {}

/** Form 03 for a filing: as at the counter. */
export class FilingRefusalRequestDto extends IntakeRefusalBodyDto {}

/** What the desk may add when it accepts, as at the counter: step owners the procedure leaves to it. */
export class FilingAcceptRequestDto {
  @ApiPropertyOptional({
    example: { 'register-residence': '000.00.72.H29' },
    description: 'Agencies for steps owned by a role the procedure does not resolve by itself',
  })
  @IsOptional()
  @IsObject()
  stepOwners?: Record<string, string>;

  @ApiPropertyOptional({ example: '000.00.71.H29', description: 'Where the applicant collects the result' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  collectAtUnitCode?: string;
}
