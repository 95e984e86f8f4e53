import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  Allow,
  CurrentPrincipal,
  PersonalDataRead,
  Public,
  assertActsFor,
  requirePrincipal,
  type Principal,
} from '@lien-thong/access';
import { applicantDetailsOf, type ReceiptView } from '@lien-thong/dossiers';
import { PickupReceiveRequestDto, PickupRequestDto } from './postal-pickups.request.dto';
import { listedUnit } from '../channels-errors';
import { PublicFilingLimits } from '../online-filing/public-filing-limits';
import { PostalPickups, type PickupView, type WaitingPickup } from './postal-pickups';

/**
 * Thu gom hồ sơ tại nhà (issue 24): an applicant asks the public postal service to pick the dossier up
 * at home; the desk lists its unit's pick-ups and receives each when the paper arrives.
 */
@ApiTags('channels')
@Controller()
export class PostalPickupsHttpController {
  constructor(
    private readonly pickups: PostalPickups,
    private readonly limits: PublicFilingLimits,
  ) {}

  @Public()
  @Post('public/postal-pickups')
  @HttpCode(201)
  @ApiTags('public')
  @ApiOperation({
    summary:
      'An applicant asks the public postal service to pick the dossier up at home: answers the postal tracking number; the desk receives it when it arrives',
  })
  request(
    @Body() body: PickupRequestDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PickupView> {
    this.limits.write(req.ip ?? req.socket.remoteAddress ?? 'unknown', res);
    return this.pickups.request({
      procedureCode: body.procedureCode,
      receivingUnitCode: body.receivingUnitCode,
      applicant: applicantDetailsOf(body.applicant),
    });
  }

  @Allow('reception-officer', 'administrator')
  @PersonalDataRead()
  @Get('channels/postal/pickups')
  @ApiQuery({ name: 'unit', required: false, description: 'Receiving unit (a desk sees only its own)' })
  @ApiOperation({
    summary: "The unit's postal pick-ups not received yet, with where the postal service has each",
  })
  async waiting(
    @Query('unit') unit?: string,
    @CurrentPrincipal() who?: Principal,
  ): Promise<{ items: WaitingPickup[] }> {
    const principal = requirePrincipal(who);
    const asked = listedUnit(principal, unit);
    return { items: await this.pickups.waiting(asked) };
  }

  @Allow('reception-officer')
  @Post('channels/postal/pickups/:pickupRef/receive')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'The picked-up dossier has arrived: receive it as a postal intake (code, appointment, form 01), the pick-up and its tracking number recorded; receiving again answers the same dossier',
  })
  async receive(
    @Param('pickupRef') pickupRef: string,
    @Body() body: PickupReceiveRequestDto,
    @CurrentPrincipal() who?: Principal,
  ): Promise<ReceiptView> {
    const principal = requirePrincipal(who);
    assertActsFor(principal, await this.pickups.unitOf(pickupRef));
    return this.pickups.receive(pickupRef, principal.personId, {
      documents: body.documents,
      ...(body.applicantCommuneCode ? { applicantCommuneCode: body.applicantCommuneCode } : {}),
      ...(body.stepOwners ? { stepOwners: body.stepOwners } : {}),
      ...(body.collectAtUnitCode ? { collectAtUnitCode: body.collectAtUnitCode } : {}),
    });
  }
}
