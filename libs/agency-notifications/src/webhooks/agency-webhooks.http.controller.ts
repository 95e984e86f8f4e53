import { Allow, OwnAgency } from '@lien-thong/access';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Pool } from 'pg';
import { PG_POOL } from '@lien-thong/postgres';
import { DELIVERY_STATUSES, readDeliveryLog, type DeliveryLogEntry } from '../deliveries/delivery-log';
import { AgencyWebhooks, type WebhookRegistrationView, type WebhookSecretView } from './agency-webhooks';
import { RegisterWebhookRequestDto } from './register-webhook.request.dto';

/**
 * An agency's webhook and its delivery log: for the agency itself (its API client or officers), and
 * administrators; the access guard refuses another agency's code (`@OwnAgency`).
 */
@ApiTags('agencies')
@Controller('agencies')
export class AgencyWebhooksHttpController {
  constructor(
    private readonly webhooks: AgencyWebhooks,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  @Allow('agency-officer', 'agency-head', 'administrator')
  @OwnAgency('code')
  @Put(':code/webhook')
  @ApiOperation({
    summary:
      "Register (201, with the signing secret: shown only now) or update (200) the agency's webhook; 400 names the field",
  })
  async register(
    @Param('code') code: string,
    @Body() body: RegisterWebhookRequestDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WebhookSecretView | WebhookRegistrationView> {
    const result = await this.webhooks.register(code, body);
    res.status(result.created ? 201 : 200);
    return result.registration;
  }

  @Allow('agency-officer', 'agency-head', 'administrator')
  @OwnAgency('code')
  @Get(':code/webhook')
  @ApiOperation({ summary: "The agency's webhook registration (never the secret)" })
  get(@Param('code') code: string): Promise<WebhookRegistrationView> {
    return this.webhooks.get(code);
  }

  @Allow('agency-officer', 'agency-head', 'administrator')
  @OwnAgency('code')
  @Post(':code/webhook/rotate-secret')
  @HttpCode(200)
  @ApiOperation({
    summary: 'A new signing secret, shown only now; the previous one also signs deliveries for 24 hours',
  })
  rotateSecret(@Param('code') code: string): Promise<WebhookSecretView> {
    return this.webhooks.rotateSecret(code);
  }

  @Allow('agency-officer', 'agency-head', 'administrator')
  @OwnAgency('code')
  @Delete(':code/webhook')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove the webhook: pending deliveries are cancelled, the delivery log stays' })
  async remove(@Param('code') code: string): Promise<void> {
    await this.webhooks.remove(code);
  }

  @Allow('agency-officer', 'agency-head', 'auditor', 'administrator')
  @OwnAgency('code')
  @Get(':code/deliveries')
  @ApiOperation({
    summary: 'Notifications owed to the agency, newest first, with attempts and the last error',
  })
  @ApiQuery({ name: 'status', required: false, enum: DELIVERY_STATUSES })
  @ApiQuery({ name: 'limit', required: false, example: 50 })
  async deliveries(
    @Param('code') code: string,
    @Query('status') status?: string,
    @Query('limit') limit?: string,
  ): Promise<{ agencyCode: string; deliveries: DeliveryLogEntry[] }> {
    await this.webhooks.requireAgency(code);
    return { agencyCode: code, deliveries: await readDeliveryLog(this.pool, code, { status, limit }) };
  }
}
