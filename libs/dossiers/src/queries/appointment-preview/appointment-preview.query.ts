import { Query } from '@nestjs/cqrs';
import type { IntakeChannel } from '@lien-thong/dossier-model';

/** The appointment a dossier received now would get (giấy hẹn), before the desk accepts it. */
export interface AppointmentPreview {
  readonly procedureCode: string;
  readonly procedureVersion: number;
  readonly receivingUnitCode: string;
  readonly channel: IntakeChannel;
  /** The instant the preview was computed for (now), in Vietnam time. */
  readonly receivedAt: string;
  readonly appointmentAt: string;
  readonly statutoryLimit: { readonly unit: string; readonly amount?: number };
}

export class PreviewAppointment extends Query<AppointmentPreview> {
  constructor(
    readonly procedureCode: string,
    readonly procedureVersion: number | undefined,
    readonly channel: IntakeChannel,
    readonly receivingUnitCode: string,
  ) {
    super();
  }
}
