import { dossierError } from '../domain/dossier-errors';
import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';

import {
  GetProcedure,
  GetProcedureVersion,
  type ProcedureDefinition,
  type ProcedureView,
} from '@lien-thong/procedures';

export interface BoundProcedure {
  readonly version: number;
  readonly definition: ProcedureDefinition;
}

/**
 * Published procedure versions, as dossiers see them. A published version never changes, so each one
 * is cached once read; "the current version" is read fresh at every intake.
 */
@Injectable()
export class BoundProcedures {
  private readonly cache = new Map<string, ProcedureDefinition>();

  constructor(private readonly queries: QueryBus) {}

  /** The version a new dossier binds to: the one asked for, or the latest that is not deprecated. */
  async forIntake(code: string, version?: number): Promise<BoundProcedure> {
    const view = await this.queries.execute<GetProcedure, ProcedureView>(new GetProcedure(code));
    const usable = view.versions.filter((v) => !v.deprecated);
    if (version !== undefined) {
      const found = view.versions.find((v) => v.version === version);
      if (!found)
        throw dossierError(
          'PROCEDURE_VERSION_NOT_PUBLISHED',
          `Procedure ${code} has no published version ${version}`,
          `Thủ tục ${code} không có phiên bản ${version} đã ban hành`,
        );
      if (found.deprecated)
        throw dossierError(
          'PROCEDURE_VERSION_DEPRECATED',
          `Version ${version} of procedure ${code} is deprecated and receives no new dossiers`,
          `Phiên bản ${version} của thủ tục ${code} đã ngừng áp dụng, không tiếp nhận hồ sơ mới`,
        );
    }
    const chosen = version ?? usable.reduce((max, v) => Math.max(max, v.version), 0);
    if (chosen === 0)
      throw dossierError(
        'PROCEDURE_NOT_PUBLISHED',
        `Procedure ${code} has no published version in force`,
        `Thủ tục ${code} chưa có phiên bản nào đang áp dụng`,
      );
    return { version: chosen, definition: await this.definition(code, chosen) };
  }

  /** The version a dossier in flight is bound to. */
  async definition(code: string, version: number): Promise<ProcedureDefinition> {
    const key = `${code}@${version}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const definition = await this.queries.execute<GetProcedureVersion, ProcedureDefinition>(
      new GetProcedureVersion(code, version),
    );
    this.cache.set(key, definition);
    return definition;
  }
}
