export { LocalMailbox, type LocalMailboxOptions, type ReceivedMail } from '../local-mailbox/local-mailbox';
export { TextGatewaySimulator, type TextGatewaySimulatorOptions } from './text-gateway-simulator';
