import path from 'node:path';
import { onStopRequest, runsInOwnProcessGroup, superviseInOwnProcessGroup } from '../own-process-group';

/**
 * Entry for own-process-group.unit.spec.ts, started like the launcher: as the front it starts itself
 * again in a process group of its own; inside, it reports every signal and stop request that reaches it.
 * "now" ends it with code 3; a drain request after the front has gone, with code 4.
 */
if (runsInOwnProcessGroup()) {
  const say = (message: string): void => void process.stdout.write(`${message}\n`);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.on(signal, () => say(`signal ${signal}`));
  onStopRequest((request) => {
    say(`request ${request}`);
    if (request === 'now') process.exit(3);
    if (!process.connected) process.exit(4);
  });
  say('ready');
} else {
  superviseInOwnProcessGroup(process.execPath, [
    path.resolve(__dirname, '../../../../tools/run-ts.cjs'),
    __filename,
  ]);
}
