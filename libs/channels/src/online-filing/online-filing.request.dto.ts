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
import { ApplicantDto, DocumentDto, SupplementItemDto } from '@lien-thong/dossiers';

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

export class FilingSupplementRequestDto {
  @ApiProperty({ type: [SupplementItemDto] })
  @IsArray()
  @ValidateNested({ each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @Type(() => SupplementItemDto)
  items!: SupplementItemDto[];

  @ApiProperty({ example: 'Hồ sơ chưa đủ thành phần theo quy định' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}

export class FilingRefusalRequestDto {
  @ApiProperty({ example: ['Yêu cầu không thuộc thẩm quyền giải quyết của cơ quan'] })
  @IsString({ each: true })
  @IsArray()
  @IsNotEmpty({ each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  reasons!: string[];
}

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
