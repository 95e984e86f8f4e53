import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  ArrayMinSize,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { SupplementItemDto } from '../receive-dossier/intake.request.dto';
import { AttachmentDto } from '../attachment.dto';
import { RESULT_CHANNELS, type ResultChannel } from '@lien-thong/dossier-model';

const AGENCY = /^[A-Z0-9]{3}\.[A-Z0-9]{2}\.[A-Z0-9]{2}\.[A-Z][0-9]{2}$/;
const agencyMessage = { message: '$property must be an agency code such as 000.00.05.H29' };
const INSTANT = { strict: true, strictSeparator: true };

export class TransferRequestDto {
  @ApiProperty({ example: '000.00.71.H29', description: 'The processing (lead) agency' })
  @Matches(AGENCY, agencyMessage)
  toAgencyCode!: string;
}

export class HandOffRequestDto {
  @ApiProperty({ example: '000.00.71.H29' })
  @Matches(AGENCY, agencyMessage)
  fromAgencyCode!: string;

  @ApiProperty({ example: '000.00.72.H29' })
  @Matches(AGENCY, agencyMessage)
  toAgencyCode!: string;
}

export class AgencyRequestDto {
  @ApiProperty({ example: '000.00.72.H29', description: 'The agency acting (holder of the step)' })
  @Matches(AGENCY, agencyMessage)
  agencyCode!: string;
}

export class CompleteStepRequestDto extends AgencyRequestDto {
  @ApiProperty({ example: 'Đã đăng ký khai sinh, số 123/2026' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  resultSummary!: string;

  @ApiPropertyOptional({ type: [AttachmentDto] })
  @IsOptional()
  @ValidateNested({ each: true })
  @ArrayMaxSize(50)
  @Type(() => AttachmentDto)
  attachments?: AttachmentDto[];
}

export class ReturnStepRequestDto extends AgencyRequestDto {
  @ApiProperty({ example: 'register-birth' })
  @IsString()
  @IsNotEmpty()
  toStepId!: string;

  @ApiProperty({ example: 'Sai thông tin ngày sinh' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}

export class RequestSupplementRequestDto extends AgencyRequestDto {
  @ApiProperty({ type: [SupplementItemDto] })
  @IsArray()
  @ValidateNested({ each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @Type(() => SupplementItemDto)
  items!: SupplementItemDto[];

  @ApiProperty({ example: 'Thiếu bản sao giấy tờ tùy thân của người đi khai sinh' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}

export class ReasonRequestDto {
  @ApiProperty({ example: 'Người nộp hồ sơ nộp tiền sử dụng đất' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}

export class ApologyRequestDto extends AgencyRequestDto {
  @ApiProperty({ example: 'Cần xác minh thêm thông tin cư trú' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;

  @ApiProperty({ example: '2026-11-30T17:00:00+07:00' })
  @IsISO8601(INSTANT, { message: 'newAppointmentAt must be an ISO 8601 instant with an offset' })
  @Matches(/(Z|[+-]\d{2}:\d{2})$/, { message: 'newAppointmentAt must carry an offset (Z or +07:00)' })
  newAppointmentAt!: string;
}

export class EscalateRequestDto extends ReasonRequestDto {
  @ApiProperty({ enum: ['head', 'supervising-agency'] })
  @IsIn(['head', 'supervising-agency'])
  to!: 'head' | 'supervising-agency';

  @ApiPropertyOptional({
    example: '000.00.62.H29',
    description:
      "Optional: the supervising agency is the directory's parent of the caller's agency; if given, it must be that one (422 DOSSIER_ESCALATION_NOT_SUPERVISING)",
  })
  @IsOptional()
  @Matches(AGENCY, agencyMessage)
  toAgencyCode?: string;
}

export class StopRequesterDto {
  @ApiProperty({ enum: ['applicant', 'agency'] })
  @IsIn(['applicant', 'agency'])
  kind!: 'applicant' | 'agency';

  @ApiPropertyOptional({ example: '000.00.72.H29', description: 'Required when an agency stops it' })
  @IsOptional()
  @Matches(AGENCY, agencyMessage)
  agencyCode?: string;
}

export class StopRequestDto extends ReasonRequestDto {
  @ApiProperty({ type: StopRequesterDto })
  @ValidateNested()
  @Type(() => StopRequesterDto)
  requester!: StopRequesterDto;

  @ApiPropertyOptional({ example: 'Khoản 2 Điều 18 Nghị định 118/2025/NĐ-CP' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  legalGround?: string;
}

export class WithdrawRequestDto {
  @ApiPropertyOptional({ example: 'Người nộp hồ sơ xin rút' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class ResultReadyRequestDto {
  @ApiProperty({ example: '000.00.71.H29', description: 'The desk the result came back to' })
  @Matches(AGENCY, agencyMessage)
  deskUnitCode!: string;
}

export class ReturnResultRequestDto {
  @ApiProperty({ enum: RESULT_CHANNELS })
  @IsIn(RESULT_CHANNELS as ResultChannel[], {
    message: `channel must be one of ${RESULT_CHANNELS.join(', ')}`,
  })
  channel!: ResultChannel;
}

export class RatingRequestDto {
  @ApiProperty({ minimum: 1, maximum: 5, example: 5 })
  @IsInt()
  @Min(1)
  @Max(5)
  score!: number;

  @ApiPropertyOptional({ example: 'Cán bộ hướng dẫn tận tình' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  comment?: string;
}
