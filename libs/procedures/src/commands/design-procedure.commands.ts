import { Command } from '@nestjs/cqrs';
import type { EventMetadata } from '@lien-thong/event-store';

export interface DesignResult {
  readonly code: string;
  readonly revision: number | null;
  readonly version?: number;
}

export class CreateProcedureDraft extends Command<DesignResult> {
  constructor(
    readonly definition: unknown,
    readonly by: string,
    readonly correlationId: string,
  ) {
    super();
  }
}

export class EditProcedureDraft extends Command<DesignResult> {
  constructor(
    readonly code: string,
    readonly definition: unknown,
    readonly by: string,
    readonly correlationId: string,
  ) {
    super();
  }
}

export class PublishProcedureVersion extends Command<DesignResult> {
  constructor(
    readonly code: string,
    readonly by: string,
    readonly correlationId: string,
  ) {
    super();
  }
}

export class DeprecateProcedureVersion extends Command<DesignResult> {
  constructor(
    readonly code: string,
    readonly version: number,
    readonly reason: string,
    readonly by: string,
    readonly correlationId: string,
  ) {
    super();
  }
}

export function designerMetadata(at: Date, by: string, correlationId: string): EventMetadata {
  return { occurredAt: at.toISOString(), actor: { personId: by }, correlationId };
}
