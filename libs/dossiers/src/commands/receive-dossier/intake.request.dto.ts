import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  ArrayMinSize,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  DOCUMENT_COPY_KINDS,
  INTAKE_CHANNELS,
  type DocumentCopyKind,
  type IntakeChannel,
  type SupplementItem,
} from '@lien-thong/dossier-model';
import type { ApplicantDetails } from '@lien-thong/personal-data';
import { AttachmentDto } from '../attachment.dto';

export class ApplicantDto {
  @ApiProperty({ example: 'Nguyễn Thị Minh Khai' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  fullName!: string;

  @ApiProperty({ example: '12 Lê Lợi, phường Sài Gòn, Thành phố Hồ Chí Minh' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  address!: string;

  @ApiPropertyOptional({ example: '0903123456' })
  @IsOptional()
  @Matches(/^\+?[0-9 .-]{8,20}$/, { message: 'phone must be 8 to 20 digits (spaces, dots, dashes allowed)' })
  phone?: string;

  @ApiPropertyOptional({ example: 'minhkhai@example.vn' })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email?: string;

  @ApiProperty({ example: '079190001234', description: 'CCCD, passport or enterprise code' })
  @IsString()
  @Matches(/^[A-Za-z0-9]{6,20}$/, { message: 'idNumber must be 6 to 20 letters or digits' })
  idNumber!: string;

  @ApiPropertyOptional({ example: '1990-05-19' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dateOfBirth must be a date as YYYY-MM-DD' })
  dateOfBirth?: string;
}

/** The details as the vault keeps them (what was not given is null), from the request or a channel's message. */
export function applicantDetailsOf(applicant: {
  fullName: string;
  address: string;
  phone?: string | null;
  email?: string | null;
  idNumber: string;
  dateOfBirth?: string | null;
}): ApplicantDetails {
  return {
    fullName: applicant.fullName,
    address: applicant.address,
    phone: applicant.phone ?? null,
    email: applicant.email ?? null,
    idNumber: applicant.idNumber,
    dateOfBirth: applicant.dateOfBirth ?? null,
  };
}

export class DocumentDto {
  @ApiProperty({ example: 'giay-chung-sinh' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  code!: string;

  @ApiProperty({ example: 1 })
  @IsInt()
  @Min(1)
  @Max(100)
  copies!: number;

  @ApiPropertyOptional({ example: true })
  @IsOptional()
  @IsBoolean()
  original?: boolean;

  @ApiPropertyOptional({
    type: [AttachmentDto],
    description:
      'Scans of the document, uploaded first by the receiving unit (POST /files): recorded with the dossier (id, name, type, size, sha256) and downloadable by whoever may follow it',
  })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @ArrayMaxSize(10)
  @Type(() => AttachmentDto)
  files?: AttachmentDto[];
}

/** Fields every intake outcome shares. */
export class IntakeRequestDto {
  @ApiPropertyOptional({
    example: 'DVCQG-2026-000123',
    description: 'Submission id; a retry with it is idempotent',
  })
  @IsOptional()
  @IsString()
  intakeRef?: string;

  @ApiProperty({ example: '1.001193' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  procedureCode!: string;

  @ApiPropertyOptional({ example: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  procedureVersion?: number;

  @ApiProperty({ enum: INTAKE_CHANNELS, example: 'counter' })
  @IsIn(INTAKE_CHANNELS as IntakeChannel[], {
    message: `channel must be one of ${INTAKE_CHANNELS.join(', ')}`,
  })
  channel!: IntakeChannel;

  @ApiPropertyOptional({ example: 'Zalo OA của phường' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  channelNote?: string;

  @ApiProperty({ example: '000.00.71.H29' })
  @IsString()
  @IsNotEmpty()
  receivingUnitCode!: string;

  @ApiProperty({ type: ApplicantDto })
  // Without it a body with no applicant passes (nested validation skips undefined) and fails later.
  @IsObject({ message: 'applicant is required: an object with fullName, address and idNumber' })
  @ValidateNested()
  @Type(() => ApplicantDto)
  applicant!: ApplicantDto;
}

export class ReceiveDossierRequestDto extends IntakeRequestDto {
  @ApiProperty({ type: [DocumentDto] })
  @IsArray()
  @ValidateNested({ each: true })
  @ArrayMaxSize(200)
  @Type(() => DocumentDto)
  documents!: DocumentDto[];

  @ApiPropertyOptional({
    example: '000.00.71.H29',
    description: 'Where the result is collected (default: the receiving unit)',
  })
  @IsOptional()
  @IsString()
  collectAtUnitCode?: string;

  @ApiPropertyOptional({
    example: '000.00.71.H29',
    description: "The applicant's commune (resolves steps owned by a commune role)",
  })
  @IsOptional()
  @IsString()
  applicantCommuneCode?: string;

  @ApiPropertyOptional({
    example: { 'register-residence': '000.00.72.H29' },
    description: 'Owners of role steps, by step id',
  })
  @IsOptional()
  @IsObject()
  stepOwners?: Record<string, string>;

  @ApiPropertyOptional({
    example: { child: { ageMonths: 2 } },
    description: 'Dossier data read by step conditions',
  })
  @IsOptional()
  @IsObject()
  answers?: Record<string, unknown>;

  @ApiPropertyOptional({
    example: 1,
    description: 'Số lượng hồ sơ: how many sets of the dossier were handed in (default 1)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  sets?: number;

  @ApiPropertyOptional({
    example: true,
    description:
      'The applicant asks for a receipt (form 01). Only a procedure whose result is given at once (statutory limit `immediate`) goes without one, and only when this is absent or false; false for any other procedure is a 422',
  })
  @IsOptional()
  @IsBoolean()
  receiptRequested?: boolean;
}

export class SupplementItemDto {
  @ApiPropertyOptional({ example: 'giay-chung-sinh' })
  @IsOptional()
  @IsString()
  documentCode?: string;

  @ApiProperty({ enum: ['add', 'correct'] })
  @IsIn(['add', 'correct'])
  action!: 'add' | 'correct';

  @ApiProperty({ example: 'Bổ sung bản chính Giấy chứng sinh' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  description!: string;

  @ApiPropertyOptional({
    enum: DOCUMENT_COPY_KINDS,
    example: 'original',
    description:
      'For a document to bring: the original (bản chính), a certified copy (bản chứng thực) or a photocopy (bản photo); form 02 prints it in its column',
  })
  @IsOptional()
  @IsIn(DOCUMENT_COPY_KINDS as DocumentCopyKind[], {
    message: `copyKind must be one of ${DOCUMENT_COPY_KINDS.join(', ')}`,
  })
  copyKind?: DocumentCopyKind;

  @ApiPropertyOptional({ example: 1, description: 'How many of it (only with copyKind; default 1)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  copies?: number;
}

/** The item as the decider takes it (the optional fields only when given). */
export function supplementItemOf(dto: SupplementItemDto): SupplementItem {
  return {
    documentCode: dto.documentCode ?? null,
    action: dto.action,
    description: dto.description,
    ...(dto.copyKind !== undefined ? { copyKind: dto.copyKind } : {}),
    ...(dto.copies !== undefined ? { copies: dto.copies } : {}),
  };
}

/** Form 02's content: what to add or correct, and why (at the counter, or for an online filing). */
export class IntakeSupplementBodyDto {
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

/** Form 03's content: the written reasons (at the counter, or for an online filing). */
export class IntakeRefusalBodyDto {
  @ApiProperty({ example: ['Yêu cầu không thuộc thẩm quyền giải quyết của cơ quan'] })
  @IsString({ each: true })
  @IsArray()
  @IsNotEmpty({ each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  reasons!: string[];
}

export class RequestSupplementAtIntakeRequestDto extends IntersectionType(
  IntakeRequestDto,
  IntakeSupplementBodyDto,
) {}

export class RefuseAtIntakeRequestDto extends IntersectionType(IntakeRequestDto, IntakeRefusalBodyDto) {}
