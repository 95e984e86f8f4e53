import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { completeOpenApiDocument } from './openapi/openapi-document';
import type { RuntimeConfig } from '@lien-thong/config';
import type { Clock } from '@lien-thong/contracts';
import { AppModule } from './app.module';
import { ProblemFilter } from './http/problem.filter';
import { validationException } from './http/validation-problems';
import { serveConsole } from './console/serve-console';
import { AppLogger, isMetricsToken, METRICS, type Metrics } from '@lien-thong/platform';
import type { NextFunction, Request, Response } from 'express';

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
      // The raw JSON body beside the parsed one (req.rawBody): a chat platform's webhook is signed over it.
      rawBody: true,
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
  const metrics = app.get<Metrics>(METRICS);
  // The scraper's token is not an access token: served here, ahead of the authentication middleware;
  // any other caller goes on to MetricsController (administrators).
  app.use('/metrics', (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || !isMetricsToken(req.headers.authorization, config.metricsToken))
      return next();
    metrics.registry.metrics().then(
      (page) => res.type(metrics.registry.contentType).send(page),
      (error: unknown) => next(error),
    );
  });
  // Every request's latency by route pattern (never the raw path: dossier codes would explode the labels).
  // A stream of server-sent events is no request with a latency (it lasts minutes): not counted.
  app.use((req: Request, res: Response, next: NextFunction) => {
    const end = metrics.httpDuration.startTimer();
    res.on('finish', () => {
      if (String(res.getHeader('content-type') ?? '').startsWith('text/event-stream')) return;
      const matched: unknown = (req as unknown as { route?: unknown }).route;
      const route =
        typeof matched === 'object' &&
        matched !== null &&
        typeof (matched as { path?: unknown }).path === 'string'
          ? (matched as { path: string }).path
          : undefined;
      end({
        method: req.method,
        route: route ? `${req.baseUrl}${route}` : req.path.startsWith('/console') ? '/console' : 'unmatched',
        status: String(res.statusCode),
      });
    });
    next();
  });
  // The web console (static files under /console), ahead of Nest's routes.
  serveConsole(app, config.consoleDir);
  app.useGlobalFilters(new ProblemFilter());
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      // Report every problem with its full path, not just the first.
      exceptionFactory: validationException,
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
