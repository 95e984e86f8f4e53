import { ensureTemporalCli } from './temporal-cli';

/** `.ci/run` calls this: build the pinned Temporal CLI into the cache when it is missing. */
function say(message: string): void {
  process.stdout.write(`[temporal-cli] ${message}\n`);
}

async function main(): Promise<number> {
  if (process.env.TEMPORAL_ADDRESS) {
    say(`TEMPORAL_ADDRESS is set (${process.env.TEMPORAL_ADDRESS}): tests use that server, no CLI needed.`);
    return 0;
  }
  const cli = await ensureTemporalCli({ log: say });
  if (!cli) {
    process.stderr.write(
      '[temporal-cli] install Go 1.25+ and run this again, or set TEMPORAL_ADDRESS to an existing ' +
        'Temporal server (tests would otherwise try the SDK download, which needs internet).\n',
    );
    return 1;
  }
  say(cli);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `[temporal-cli] could not build the Temporal CLI: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
