import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { runtimeConfigFromEnv } from '@lien-thong/config';
import { createApiApp } from './create-api-app';

async function main(): Promise<void> {
  const config = runtimeConfigFromEnv();
  const app = await createApiApp(config);
  await app.listen(config.apiPort, config.apiHost);
  new Logger('API').log(`listening on http://${config.apiHost}:${config.apiPort} (OpenAPI: /docs)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
