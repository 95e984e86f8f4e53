import type { RuntimeConfig } from '@lien-thong/config';
import { HttpGatewayNoticeSender } from './http-gateway-notice-sender';
import type { ApplicantNoticeSender } from './notice-sender.port';
import { DEFAULT_MAIL_FROM, SmtpNoticeSender } from './smtp-notice-sender';

/** The channels the configuration names: e-mail with `smtpUrl`, texts with `smsGateway`. */
export function noticeSendersFor(
  config: Pick<RuntimeConfig, 'smtpUrl' | 'mailFrom' | 'smsGateway'>,
): ApplicantNoticeSender[] {
  return [
    ...(config.smtpUrl
      ? [new SmtpNoticeSender({ url: config.smtpUrl, from: config.mailFrom ?? DEFAULT_MAIL_FROM })]
      : []),
    ...(config.smsGateway ? [new HttpGatewayNoticeSender(config.smsGateway)] : []),
  ];
}
