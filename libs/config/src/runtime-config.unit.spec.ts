import { runtimeConfigFromEnv } from './runtime-config';

const base = { DATABASE_URL: 'postgres://localhost/x', TEMPORAL_ADDRESS: '127.0.0.1:7233' };

describe('runtime configuration: trusted proxies', () => {
  it('trusts no proxy by default, and takes a hop count or addresses', () => {
    expect(runtimeConfigFromEnv(base).trustProxy).toBeUndefined();
    expect(runtimeConfigFromEnv({ ...base, LIEN_THONG_TRUST_PROXY: 'false' }).trustProxy).toBeUndefined();
    expect(runtimeConfigFromEnv({ ...base, LIEN_THONG_TRUST_PROXY: ' 2 ' }).trustProxy).toBe(2);
    expect(runtimeConfigFromEnv({ ...base, LIEN_THONG_TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe(
      'loopback, 10.0.0.0/8',
    );
  });

  it('refuses to trust every proxy, which would let a client forge its address', () => {
    expect(() => runtimeConfigFromEnv({ ...base, LIEN_THONG_TRUST_PROXY: 'true' })).toThrow(
      /hops or their addresses/,
    );
  });
});

describe('runtime configuration: channels to applicants', () => {
  it('sends no e-mail and no text unless a server or a gateway is named', () => {
    const config = runtimeConfigFromEnv(base);
    expect(config.smtpUrl).toBeUndefined();
    expect(config.smsGateway).toBeUndefined();
  });

  it('takes an SMTP URL and a gateway with its token and channel', () => {
    const config = runtimeConfigFromEnv({
      ...base,
      LIEN_THONG_SMTP_URL: 'smtps://user:secret@mail.example.gov.vn:465',
      LIEN_THONG_MAIL_FROM: 'Một cửa <mot-cua@example.gov.vn>',
      LIEN_THONG_SMS_GATEWAY_URL: 'https://sms.example.vn/v1/messages',
      LIEN_THONG_SMS_GATEWAY_TOKEN: 't0k3n',
      LIEN_THONG_SMS_GATEWAY_CHANNEL: 'zalo',
    });
    expect(config.smtpUrl).toBe('smtps://user:secret@mail.example.gov.vn:465');
    expect(config.mailFrom).toBe('Một cửa <mot-cua@example.gov.vn>');
    expect(config.smsGateway).toEqual({
      url: 'https://sms.example.vn/v1/messages',
      token: 't0k3n',
      channel: 'zalo',
    });
  });

  it('stops at start on a setting it cannot use, saying which', () => {
    expect(() => runtimeConfigFromEnv({ ...base, LIEN_THONG_SMTP_URL: 'http://mail' })).toThrow(
      /LIEN_THONG_SMTP_URL="http:\/\/mail": must be a URL \(smtp: or smtps:/,
    );
    expect(() => runtimeConfigFromEnv({ ...base, LIEN_THONG_SMTP_URL: 'mail.example' })).toThrow(
      /LIEN_THONG_SMTP_URL="mail.example": must be a URL/,
    );
    expect(() =>
      runtimeConfigFromEnv({
        ...base,
        LIEN_THONG_SMS_GATEWAY_URL: 'https://g',
        LIEN_THONG_SMS_GATEWAY_CHANNEL: 'fax',
      }),
    ).toThrow(/LIEN_THONG_SMS_GATEWAY_CHANNEL="fax": must be one of sms, zalo/);
  });
});
