import { identityError } from './identity.errors';
import { Allow, Public } from '@lien-thong/access';
import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  Logger,
  Param,
  Post,
  Query as QueryParam,
} from '@nestjs/common';
import { ApiOperation, ApiTags, ApiQuery } from '@nestjs/swagger';
import { CLOCK, type Clock } from '@lien-thong/contracts';
import { AuditLog, type AuditEntry } from './audit/audit-log';
import { ApiClients, type ApiClientView, type IssuedSecret } from './clients/api-clients';
import { StaffUsers, type NewStaffUser, type StaffUserView } from './staff/staff-users';
import { AccessTokens } from './tokens/access-tokens';
import { parseBasicCredentials } from './clients/basic-credentials';

/**
 * RFC 6749 §2.3.1: a client may send its id and secret as HTTP Basic credentials (each form-encoded)
 * instead of in the body. A malformed Basic header is a 400 naming it.
 */
/** The client's id and secret from HTTP Basic credentials, in the form body's names. */
function basicCredentials(header: string | undefined): { client_id?: string; client_secret?: string } {
  const credentials = parseBasicCredentials(header);
  if (credentials === undefined) return {};
  if (credentials !== 'malformed')
    return { client_id: credentials.clientId, client_secret: credentials.clientSecret };
  throw identityError(
    'TOKEN_REQUEST_INVALID',
    'The Authorization header is not valid Basic client credentials (base64 of client_id:client_secret)',
    'Tiêu đề Authorization không hợp lệ',
    [{ path: 'authorization', code: 'MALFORMED', message: 'Basic base64(client_id:client_secret)' }],
  );
}

interface TokenRequest {
  readonly grant_type?: unknown;
  readonly client_id?: unknown;
  readonly client_secret?: unknown;
}

/**
 * Tokens (OAuth 2.0 client credentials for agencies' software, a password login for staff), and the
 * administration of API clients and staff users; the audit log for auditors.
 */
@ApiTags('identity')
@Controller()
export class IdentityHttpController {
  private readonly log = new Logger('Identity');

  constructor(
    private readonly clients: ApiClients,
    private readonly tokens: AccessTokens,
    private readonly audit: AuditLog,
    private readonly staff: StaffUsers,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('auth/login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'A short-lived bearer token for a staff user (person id and password)' })
  async login(
    @Body() body: { personId?: unknown; password?: unknown },
  ): Promise<{ access_token: string; token_type: 'Bearer'; expires_in: number }> {
    const problems = [];
    if (typeof body?.personId !== 'string' || body.personId === '')
      problems.push({ path: 'personId', code: 'REQUIRED', message: 'personId is required' });
    if (typeof body?.password !== 'string' || body.password === '')
      problems.push({ path: 'password', code: 'REQUIRED', message: 'password is required' });
    if (problems.length > 0)
      throw identityError(
        'LOGIN_INVALID',
        'The login request is not valid',
        'Yêu cầu đăng nhập không hợp lệ',
        problems,
      );
    const user = await this.staff.authenticate(body.personId, body.password);
    if (!user) {
      this.log.warn(`login refused for ${JSON.stringify(String(body.personId).slice(0, 80))}`);
      throw identityError(
        'INVALID_CREDENTIALS',
        'Unknown person, wrong password, a disabled account, or an agency no longer active',
        'Sai tài khoản hoặc mật khẩu, tài khoản đã bị khóa, hoặc cơ quan đã ngừng hoạt động',
      );
    }
    const { token, expiresIn } = this.tokens.issue({
      sub: user.personId,
      kind: 'staff',
      agency: user.agencyCode,
      roles: user.roles,
    });
    return { access_token: token, token_type: 'Bearer', expires_in: expiresIn };
  }

  @Post('admin/users')
  @Allow('administrator')
  @ApiOperation({ summary: 'Create a staff user with roles (password at least 12 characters)' })
  createUser(@Body() body: NewStaffUser): Promise<StaffUserView> {
    return this.staff.create(body ?? {});
  }

  @Post('admin/users/:personId/disable')
  @Allow('administrator')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Disable a staff user: no more logins, and the tokens already issued are refused at once',
  })
  disableUser(@Param('personId') personId: string): Promise<StaffUserView> {
    return this.staff.disable(personId, this.clock.now());
  }

  @Post('admin/users/:personId/password')
  @Allow('administrator')
  @HttpCode(200)
  @ApiOperation({ summary: "Set a staff user's password (at least 12 characters)" })
  setPassword(
    @Param('personId') personId: string,
    @Body() body: { password?: unknown } | undefined,
  ): Promise<StaffUserView> {
    return this.staff.setPassword(personId, body?.password);
  }

  @Get('admin/users')
  @Allow('administrator', 'auditor')
  @ApiOperation({ summary: 'Staff users and their roles (never passwords)' })
  users(): Promise<StaffUserView[]> {
    return this.staff.list();
  }

  @Allow('auditor', 'administrator')
  @Get('audit')
  @ApiOperation({ summary: 'The audit log: state-changing requests and refused credentials, newest first' })
  @ApiQuery({ name: 'from', required: false, description: 'ISO 8601 instant (inclusive)' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO 8601 instant (exclusive)' })
  @ApiQuery({ name: 'agency', required: false, description: 'Only requests made for this agency' })
  @ApiQuery({ name: 'person', required: false, description: 'Only requests made by this person or client' })
  @ApiQuery({
    name: 'kind',
    required: false,
    enum: ['change', 'auth-failure', 'access-denied', 'personal-data-read'],
  })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 1000 (default 100)' })
  auditLog(@QueryParam() q: Record<string, string | undefined>): Promise<AuditEntry[]> {
    const known = ['from', 'to', 'agency', 'person', 'kind', 'limit'];
    const unknown = Object.keys(q).filter((k) => !known.includes(k));
    if (unknown.length > 0)
      throw identityError(
        'QUERY_PARAMETER_UNKNOWN',
        `Unknown query parameter(s): ${unknown.join(', ')} (known: ${known.join(', ')})`,
        `Tham số không hợp lệ: ${unknown.join(', ')}`,
      );
    return this.audit.list({
      ...(q.from !== undefined ? { from: q.from } : {}),
      ...(q.to !== undefined ? { to: q.to } : {}),
      ...(q.agency !== undefined ? { agencyCode: q.agency } : {}),
      ...(q.person !== undefined ? { personId: q.person } : {}),
      ...(q.kind !== undefined ? { kind: q.kind } : {}),
      ...(q.limit !== undefined ? { limit: /^\d+$/.test(q.limit) ? Number(q.limit) : Number.NaN } : {}),
    });
  }

  @Public()
  @Post('auth/token')
  @HttpCode(200)
  @ApiOperation({
    summary: 'A short-lived bearer token for an agency API client (grant_type=client_credentials)',
  })
  async token(
    @Body() raw: TokenRequest | undefined,
    @Headers('authorization') authorization?: string,
  ): Promise<{ access_token: string; token_type: 'Bearer'; expires_in: number }> {
    const body = { ...raw, ...basicCredentials(authorization) };
    const problems = [];
    if (body?.grant_type !== 'client_credentials')
      problems.push({
        path: 'grant_type',
        code: 'UNSUPPORTED',
        message: 'grant_type must be client_credentials',
      });
    if (typeof body?.client_id !== 'string' || body.client_id === '')
      problems.push({ path: 'client_id', code: 'REQUIRED', message: 'client_id is required' });
    if (typeof body?.client_secret !== 'string' || body.client_secret === '')
      problems.push({ path: 'client_secret', code: 'REQUIRED', message: 'client_secret is required' });
    if (problems.length > 0)
      throw identityError(
        'TOKEN_REQUEST_INVALID',
        'The token request is not valid',
        'Yêu cầu cấp mã truy cập không hợp lệ',
        problems,
      );
    const clientId = body.client_id as string;
    const client = await this.clients.authenticate(clientId, body.client_secret as string);
    if (!client) {
      // Failed authentication is logged (never the secret).
      this.log.warn(`token refused for client ${JSON.stringify(clientId.slice(0, 80))}`);
      throw identityError(
        'INVALID_CLIENT',
        'Unknown client, wrong secret, or a revoked client',
        'Ứng dụng kết nối hoặc khóa bí mật không đúng, hoặc đã bị thu hồi',
      );
    }
    const { token, expiresIn } = this.tokens.issue({
      sub: client.clientId,
      kind: 'client',
      agency: client.agencyCode,
      roles: client.roles,
    });
    return { access_token: token, token_type: 'Bearer', expires_in: expiresIn };
  }

  @Allow('administrator')
  @Post('admin/clients')
  @ApiOperation({
    summary:
      "Register an API client for an agency (roles: agency-officer, and agency-head for software that signs for the agency's head); the secret is shown only in this answer",
  })
  create(
    @Body() body: { agencyCode?: unknown; description?: unknown; roles?: unknown },
  ): Promise<IssuedSecret> {
    return this.clients.create(body?.agencyCode as string, body?.description as string, body?.roles);
  }

  @Allow('administrator', 'auditor')
  @Get('admin/clients')
  @ApiQuery({ name: 'agency', required: false, description: 'Only the clients of this agency' })
  @ApiOperation({ summary: 'API clients (never their secrets), optionally of one agency' })
  list(@QueryParam('agency') agency?: string): Promise<ApiClientView[]> {
    return this.clients.list(agency);
  }

  @Allow('administrator')
  @Post('admin/clients/:clientId/rotate')
  @HttpCode(200)
  @ApiOperation({ summary: 'A new secret; the previous one stays valid for graceSeconds (default 24 h)' })
  rotate(
    @Param('clientId') clientId: string,
    @Body() body: { graceSeconds?: unknown },
  ): Promise<IssuedSecret> {
    const grace = body?.graceSeconds;
    return this.clients.rotate(
      clientId,
      grace === undefined ? undefined : typeof grace === 'number' ? grace * 1000 : Number.NaN,
    );
  }

  @Allow('administrator')
  @Post('admin/clients/:clientId/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a client: its secrets stop working at once' })
  revoke(@Param('clientId') clientId: string): Promise<ApiClientView> {
    return this.clients.revoke(clientId);
  }
}
