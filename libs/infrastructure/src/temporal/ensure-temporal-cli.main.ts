import { ensureTemporalCli, temporalCliPath } from './temporal-cli';

/** `.ci/run` calls this: build the pinned Temporal CLI into the cache when it is missing. */
ensureTemporalCli({ log: (m) => process.stdout.write(`[temporal-cli] ${m}\n`) })
  .then((cli) => {
    if (!cli) {
      process.stderr.write(
        `[temporal-cli] not available at ${temporalCliPath()} and Go is not installed; ` +
          'install Go or set TEMPORAL_ADDRESS (tests would otherwise need the SDK download).\n',
      );
      process.exit(1);
    }
    process.stdout.write(`[temporal-cli] ${cli}\n`);
  })
  .catch((error: unknown) => {
    process.stderr.write(`[temporal-cli] ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
