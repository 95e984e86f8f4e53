import { BadRequestException, ValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { completeOpenApiDocument } from './openapi/openapi-document';
import type { ValidationError } from 'class-validator';
import type { RuntimeConfig } from '@lien-thong/config';
import type { Clock } from '@lien-thong/contracts';
import { AppModule } from './app.module';
import { ProblemFilter } from './http/problem.filter';
import { serveConsole } from './console/serve-console';
import { AppLogger } from '@lien-thong/platform';

export const API_BODY_LIMIT = '1mb';

/** Builds the API application; main.ts listens, tests use it in-process. */
export async function createApiApp(
  config: RuntimeConfig,
  options: { logger?: false; clock?: Clock } = {},
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, { clock: options.clock }),
    {
      bodyParser: false,
      ...(options.logger === false ? { logger: false } : { bufferLogs: true }),
    },
  );
  // Nest's own logs through pino (structured, redacted; PlatformModule), from the first line.
  if (options.logger !== false) app.useLogger(app.get(AppLogger));
  if (config.trustProxy !== undefined) {
    try {
      app.set('trust proxy', config.trustProxy);
    } catch (error) {
      throw new Error(
        `LIEN_THONG_TRUST_PROXY is not a hop count or a list of addresses or subnets: ${String(error)}`,
      );
    }
  }
  app.useBodyParser('json', { limit: API_BODY_LIMIT });
  // OAuth 2.0 token requests are form-encoded (RFC 6749 §4.4.2); JSON is accepted as well.
  app.useBodyParser('urlencoded', { limit: API_BODY_LIMIT, extended: false });
  app.enableShutdownHooks();
  // The web console (static files under /console), ahead of Nest's routes.
  serveConsole(app, config.consoleDir);
  app.useGlobalFilters(new ProblemFilter());
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      // Report every problem with its full path, not just the first.
      exceptionFactory: (errors) => new BadRequestException(flattenValidationErrors(errors)),
    }),
  );
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Liên Thông API')
    .setDescription(
      "Event-sourced engine for Vietnam's inter-agency one-stop mechanism (một cửa liên thông): " +
        'reception, procedures, coordination between agencies, and the full history of every dossier.',
    )
    .setVersion('0.1.0')
    // Relative: the host and port that served the document (npm start, or behind a proxy).
    .addServer('/', 'This server')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    // Every endpoint but /health, /auth/* and /public/* needs a token (ADR 0010).
    .addSecurityRequirements('bearer')
    .build();
  return completeOpenApiDocument(SwaggerModule.createDocument(app, config));
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): string[] {
  const messages: string[] = [];
  for (const error of errors) {
    const path = parent
      ? /^\d+$/.test(error.property)
        ? `${parent}[${error.property}]`
        : `${parent}.${error.property}`
      : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      messages.push(
        message.startsWith(error.property)
          ? `${path}${message.slice(error.property.length)}`
          : `${path}: ${message}`,
      );
    }
    if (error.children?.length) messages.push(...flattenValidationErrors(error.children, path));
  }
  return messages;
}
