// First: tracing patches modules as they load (when an OTLP endpoint is configured).
import { tracing } from './tracing';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { runtimeConfigFromEnv } from '@lien-thong/config';
import { FileJanitor } from '@lien-thong/files';
import { createApiApp } from './create-api-app';

async function main(): Promise<void> {
  const config = runtimeConfigFromEnv();
  const app = await createApiApp(config);
  for (const name of config.unknownSettings ?? [])
    new Logger('API').warn(`${name} is set but no process reads it (a typo?): docs/operations.md#settings`);
  // Nest's shutdown hooks close the app on SIGTERM; the spans still buffered go out first.
  const traces = tracing;
  if (traces) {
    const close = app.close.bind(app);
    app.close = async () => {
      await traces.shutdown().catch(() => undefined);
      await close();
    };
  }
  await app.listen(config.apiPort, config.apiHost);
  // Uploads never attached are removed after their retention (issue 24): where the file store is.
  app.get(FileJanitor).start();
  new Logger('API').log(`listening on http://${config.apiHost}:${config.apiPort} (OpenAPI: /docs)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
