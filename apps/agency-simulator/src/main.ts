import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AgencySimulator } from './agency-simulator';

/** `npm start` registers one API client per sample agency and keeps them here (see the launcher). */
function devClient(agencyCode: string): { clientId: string; clientSecret: string } | undefined {
  const dataRoot = process.env.LIEN_THONG_DATA_DIR ?? path.resolve(__dirname, '../../../.data');
  const file = path.join(dataRoot, 'dev-clients.json');
  if (!existsSync(file)) return undefined;
  const clients = JSON.parse(readFileSync(file, 'utf8')) as Record<
    string,
    { clientId: string; clientSecret: string } | undefined
  >;
  return clients[agencyCode];
}

/**
 * `npm run agency:simulate -- --agency 000.00.72.H29 [--api http://127.0.0.1:3000] [--port N]
 *   [--public-url URL] [--work-ms 200] [--late stepA,stepB] [--late-by-ms 1000] [--no-apology]
 *   [--client-id ID]` (the secret from LIEN_THONG_CLIENT_SECRET; by default the dev client `npm start`
 *   registered for the agency): acts as the agency's software until
 * Ctrl-C, printing each notification received and each action taken.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      api: { type: 'string', default: process.env.LIEN_THONG_API_URL ?? 'http://127.0.0.1:3000' },
      agency: { type: 'string' },
      port: { type: 'string' },
      'public-url': { type: 'string' },
      'work-ms': { type: 'string', default: '200' },
      late: { type: 'string', default: '' },
      'late-by-ms': { type: 'string', default: '1000' },
      'no-apology': { type: 'boolean', default: false },
      'client-id': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.agency) {
    console.log(
      'usage: npm run agency:simulate -- --agency <code> [--api URL] [--port N] [--public-url URL] ' +
        '[--work-ms N] [--late step,…] [--late-by-ms N] [--no-apology] [--client-id ID]\n' +
        '  the client secret is read from LIEN_THONG_CLIENT_SECRET; without --client-id, the API client\n' +
        '  `npm start` registered for the agency (.data/dev-clients.json) is used',
    );
    process.exit(values.help ? 0 : 2);
  }
  const numberOf = (name: string, text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0) {
      console.error(`--${name} must be a whole number of 0 or more, not "${text}"`);
      process.exit(2);
    }
    return n;
  };
  const secret = process.env.LIEN_THONG_CLIENT_SECRET;
  if (values['client-id'] && !secret) {
    console.error('--client-id needs the client secret in LIEN_THONG_CLIENT_SECRET');
    process.exit(2);
  }
  const credentials =
    values['client-id'] && secret
      ? { clientId: values['client-id'], clientSecret: secret }
      : devClient(values.agency);
  if (!credentials) {
    console.error(
      `No API client for ${values.agency}: pass --client-id (secret in LIEN_THONG_CLIENT_SECRET), ` +
        'or start the system with `npm start`, which registers one per sample agency in .data/dev-clients.json',
    );
    process.exit(2);
  }
  const simulator = new AgencySimulator({
    apiUrl: values.api,
    agencyCode: values.agency,
    credentials,
    webhook: {
      ...(values.port !== undefined ? { port: numberOf('port', values.port) } : {}),
      ...(values['public-url'] ? { publicUrl: values['public-url'] } : {}),
    },
    workMs: numberOf('work-ms', values['work-ms']),
    lateSteps: values.late.split(',').filter((s) => s !== ''),
    lateByMs: numberOf('late-by-ms', values['late-by-ms']),
    ...(values['no-apology'] ? { apology: false as const } : {}),
    log: (line) => console.log(`[${new Date().toISOString()}] ${line}`),
  });
  const { webhookUrl } = await simulator.start();
  console.log(
    `Agency ${values.agency} simulated against ${values.api}; webhook ${webhookUrl}. Ctrl-C to stop.`,
  );
  const stop = () => void simulator.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
