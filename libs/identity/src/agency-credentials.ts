import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AgencyRetirements, type AgencyCodeRetired } from '@lien-thong/agencies';
import { ApiClients } from './clients/api-clients';
import { StaffUsers } from './staff/staff-users';
import { TokenRevocations } from './tokens/token-revocations';

/**
 * What an agency's deactivation or new code does to the credentials held for it (ADR 0012), in the
 * request that made the change: the tokens naming the old code are refused at once in this process
 * (other API processes within 5 s); a deactivated agency's API clients are revoked; a re-coded agency's
 * staff and API clients move to the new code, keeping their passwords and secrets.
 */
@Injectable()
export class AgencyCredentials implements OnModuleInit {
  constructor(
    private readonly retirements: AgencyRetirements,
    private readonly clients: ApiClients,
    private readonly staff: StaffUsers,
    private readonly revocations: TokenRevocations,
  ) {}

  onModuleInit(): void {
    this.retirements.subscribe((retired) => this.retire(retired));
  }

  async retire({ code, successor }: AgencyCodeRetired): Promise<void> {
    // First: tokens are refused from the directory, whether or not the writes below succeed.
    this.revocations.forgetAgencies();
    if (successor === null) {
      await this.clients.revokeAgency(code);
      return;
    }
    await this.staff.moveAgency(code, successor);
    await this.clients.moveAgency(code, successor);
  }
}
