import { Query } from '@nestjs/cqrs';
import type { ControlSlip } from './control-slip.response.dto';

/** Form 06 data: the handoff log of one dossier. */
export class GetControlSlip extends Query<ControlSlip> {
  constructor(readonly code: string) {
    super();
  }
}
