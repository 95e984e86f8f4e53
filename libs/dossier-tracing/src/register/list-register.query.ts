import { Query } from '@nestjs/cqrs';
import type { RegisterPage } from './register.response.dto';

export interface ListRegisterCriteria {
  /** The receiving unit; every unit when absent. */
  readonly unitCode?: string;
  /** Received at or after this instant. */
  readonly from: string;
  /** Received before this instant. */
  readonly to: string;
  /** 1..1000, default 500. */
  readonly limit?: number;
  readonly offset?: number;
}

/** Form 07 data: one line per dossier received in the period, oldest first. */
export class ListRegister extends Query<RegisterPage> {
  constructor(readonly criteria: ListRegisterCriteria) {
    super();
  }
}
