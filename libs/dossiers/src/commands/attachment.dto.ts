import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';

/**
 * A file uploaded first (POST /files), by the id it answered. The rest is optional: given, it must be
 * what was uploaded (422 FILE_METADATA_MISMATCH); `name` may title the document anew.
 */
export class AttachmentDto {
  @ApiProperty({
    example: '3f0c2a9e-2d7b-4c1e-9a55-0d6f1b8c7e21',
    description: 'The id POST /files answered',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  id!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100) mediaType?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) sizeBytes?: number;
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be 64 lowercase hex digits' })
  sha256?: string;
}
