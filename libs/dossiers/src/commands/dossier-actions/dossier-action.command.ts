import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ActionContext, ActionResult, DossierAction } from '../../domain/dossier-actions';
import { DossierCommandService } from '../../application/dossier-command.service';

/** Any action on a dossier in flight (see DossierAction): officers, agencies and workflows alike. */
export class RunDossierAction extends Command<ActionResult> {
  constructor(
    readonly dossierCode: string,
    readonly action: DossierAction,
    readonly context: ActionContext,
  ) {
    super();
  }
}

@CommandHandler(RunDossierAction)
export class RunDossierActionHandler implements ICommandHandler<RunDossierAction> {
  constructor(private readonly service: DossierCommandService) {}

  execute({ dossierCode, action, context }: RunDossierAction): Promise<ActionResult> {
    return this.service.execute(dossierCode, action, context);
  }
}
