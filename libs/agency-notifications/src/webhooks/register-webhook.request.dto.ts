import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsOptional, IsString } from 'class-validator';
import { AGENCY_NOTIFICATION_KINDS, type AgencyNotificationKind } from '@lien-thong/contracts';

/** Body of `PUT /agencies/{code}/webhook`; the URL and kinds are checked by `AgencyWebhooks`. */
export class RegisterWebhookRequestDto {
  @ApiProperty({
    example: 'https://mot-cua.example.gov.vn/lien-thong/webhook',
    description:
      'http or https, at a public internet address: loopback, private, link-local and other internal ' +
      'addresses (however spelled) and names such as localhost are refused, at registration and again ' +
      'after DNS resolution at each delivery',
  })
  @IsString()
  url!: string;

  @ApiPropertyOptional({
    enum: AGENCY_NOTIFICATION_KINDS,
    isArray: true,
    example: ['step.handed-off', 'step.overdue'],
    description: 'The kinds to receive; omit for every kind (including kinds added later)',
  })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  events?: AgencyNotificationKind[];
}
