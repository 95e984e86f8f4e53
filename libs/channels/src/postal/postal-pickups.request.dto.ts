import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { ApplicantDto, DocumentDto } from '@lien-thong/dossiers';

/** Thu gom hồ sơ tại nhà: who asks, for which procedure and which desk. */
export class PickupRequestDto {
  @ApiProperty({ example: '1.001193', description: 'A procedure received by post' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  procedureCode!: string;

  @ApiProperty({ example: '000.00.71.H29', description: 'The unit whose desk receives it' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  receivingUnitCode!: string;

  @ApiProperty({ type: ApplicantDto, description: 'Where the postman picks it up; the phone is required' })
  @IsObject({ message: 'applicant is required: an object with fullName, address, idNumber and phone' })
  @ValidateNested()
  @Type(() => ApplicantDto)
  applicant!: ApplicantDto;
}

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
