import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, requirePrincipal, type Principal } from '@lien-thong/access';
import { EVENT_STORE, verifyStreamChain, type EventStore } from '@lien-thong/event-store';
import { DossierAccess } from '../shared/dossier-access.service';
import { dossierStream } from '@lien-thong/dossier-model';

/** The dossier as recorded: its state now and the integrity of its hash chain, read from the stream. */
@ApiTags('dossiers')
@Controller()
export class DossierRecordHttpController {
  constructor(
    private readonly access: DossierAccess,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Allow('reception-officer', 'agency-officer', 'agency-head', 'auditor', 'administrator')
  @Get('dossiers/:code')
  @ApiOperation({ summary: 'The dossier as it stands now (state and revision)' })
  async get(@Param('code') code: string, @CurrentPrincipal() who?: Principal) {
    const { state, revision } = await this.access.assertMayReadDossier(code, requirePrincipal(who), 'follow');
    return { dossierCode: code, revision, state };
  }

  @Allow('auditor', 'administrator', 'reception-officer')
  @Get('dossiers/:code/integrity')
  @ApiOperation({
    summary: "Verify the dossier's hash chain: reports the first altered, removed or reordered event",
  })
  async integrity(@Param('code') code: string, @CurrentPrincipal() who?: Principal) {
    await this.access.assertMayReadDossier(code, requirePrincipal(who), 'follow');
    // As stored now: a row altered in the database must show even if this process read the dossier before.
    const events = await this.store.readStream(dossierStream(code), { fromStorage: true });
    const result = verifyStreamChain(events);
    return result.ok
      ? { dossierCode: code, intact: true, events: result.count }
      : {
          dossierCode: code,
          intact: false,
          events: events.length,
          firstProblem: {
            revision: result.revision,
            eventId: result.eventId,
            problem: result.problem,
            message: result.message,
          },
        };
  }
}
