import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '@lien-thong/contracts';
import { countedLimit } from '@lien-thong/procedures';
import { assertChannelAllowed } from '../../domain/index';
import { BoundProcedures } from '../../application/bound-procedures';
import { DossierCalendar, statutoryDueAt } from '../../application/dossier-calendar';
import { vietnamIso } from '../../application/instants';
import { assertReceptionOpen } from '../../commands/receive-dossier/intake.command-handlers';
import { PreviewAppointment, type AppointmentPreview } from './appointment-preview.query';

/**
 * The desk sees the appointment before accepting (issue 20): the same arithmetic as the reception
 * (the unit's calendar, the procedure's statutory limit and counting rule, reception hours for the
 * counter and the post), computed for now and written nowhere. Accepting a moment later can give a
 * later appointment (a cut-off passed meanwhile): the receipt is what binds.
 */
@QueryHandler(PreviewAppointment)
export class PreviewAppointmentHandler implements IQueryHandler<PreviewAppointment, AppointmentPreview> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly procedures: BoundProcedures,
    private readonly calendar: DossierCalendar,
  ) {}

  async execute(q: PreviewAppointment): Promise<AppointmentPreview> {
    const { definition, version } = await this.procedures.forIntake(q.procedureCode, q.procedureVersion);
    assertChannelAllowed(q.procedureCode, q.channel, definition.intakeChannels);
    const now = this.clock.now().getTime();
    const calendar = await this.calendar.forUnit(q.receivingUnitCode);
    assertReceptionOpen(calendar, { channel: q.channel, receivingUnitCode: q.receivingUnitCode }, now);
    const appointment = statutoryDueAt(
      calendar,
      now,
      countedLimit(definition.statutoryLimit),
      definition.countingRule,
    );
    return {
      procedureCode: q.procedureCode,
      procedureVersion: version,
      receivingUnitCode: q.receivingUnitCode,
      channel: q.channel,
      receivedAt: vietnamIso(now),
      appointmentAt: vietnamIso(appointment),
      statutoryLimit: definition.statutoryLimit,
    };
  }
}
