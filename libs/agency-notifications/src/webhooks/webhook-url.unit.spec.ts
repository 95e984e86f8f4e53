import { WebhookAddressPolicy } from './webhook-address-policy';
import { webhookUrlProblems } from './webhook-url';

describe('webhook URL validation', () => {
  it('accepts absolute http and https URLs with ports; loopback only where the operator allows it', () => {
    for (const url of [
      'https://mot-cua.example.gov.vn/lien-thong/webhook',
      'http://203.113.1.9:8080/hook?a=1',
    ])
      expect(webhookUrlProblems(url)).toEqual([]);
    const loopback = WebhookAddressPolicy.fromSetting('127.0.0.0/8');
    for (const url of ['http://127.0.0.1:8080/hook?agency=H29', 'http://localhost:3000/']) {
      expect(webhookUrlProblems(url, 'url', loopback)).toEqual([]);
      expect(webhookUrlProblems(url).map((p) => p.code)).toEqual(['ADDRESS_NOT_ALLOWED']);
    }
  });

  it('names the field and the reason for anything else', () => {
    const cases: [unknown, string][] = [
      [undefined, 'url: must be an http or https URL'],
      ['', 'url: must be an http or https URL'],
      ['mot-cua.example.gov.vn/webhook', 'url: must be an absolute http or https URL'],
      ['ftp://example.gov.vn/hook', 'url: must use http or https, not ftp'],
      ['javascript:alert(1)', 'url: must use http or https, not javascript'],
      [
        'https://user:pass@example.gov.vn/hook',
        'url: must not contain a user name or password (deliveries are signed)',
      ],
      ['https://example.gov.vn/hook#x', 'url: must not contain a #fragment'],
    ];
    for (const [url, message] of cases)
      expect(webhookUrlProblems(url).map((p) => p.message)).toEqual([message]);
    expect(webhookUrlProblems(`https://example.gov.vn/${'a'.repeat(2000)}`)[0]?.code).toBe('TOO_LONG');
  });
});
