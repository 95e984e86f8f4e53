import { existsSync } from 'node:fs';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/** Where `npm run build:console` writes the console (apps/console/dist), unless LIEN_THONG_CONSOLE_DIR says. */
export const DEFAULT_CONSOLE_DIR = path.resolve(__dirname, '../../../console/dist');

/**
 * The web console's headers: scripts, styles and connections only from this origin (Mantine sets
 * inline style attributes, hence 'unsafe-inline' for styles only), no framing, and no Referer, since
 * the public lookup carries its key in the query string.
 */
const CONSOLE_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
    "connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/**
 * Serves the console's static build under /console: hashed assets cached for a year, every other path
 * under /console answered with the single-page application (index.html), the applicants' pages under
 * /console/public with their own smaller page (public.html). Plain Express middleware ahead of Nest's
 * routes: the files are public (the data behind them is not: every API call carries its token).
 */
export function serveConsole(app: NestExpressApplication, dir: string = DEFAULT_CONSOLE_DIR): void {
  const index = path.join(dir, 'index.html');
  const publicPage = path.join(dir, 'public.html');
  app.use('/console', (_req: Request, res: Response, next: NextFunction) => {
    for (const [name, value] of Object.entries(CONSOLE_HEADERS)) res.setHeader(name, value);
    next();
  });
  app.useStaticAssets(dir, {
    prefix: '/console/',
    index: false,
    fallthrough: true,
    setHeaders: (res: Response, file: string) => {
      res.setHeader(
        'cache-control',
        file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  app.use('/console', (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path.startsWith('/assets/')) {
      res.status(404).json({ statusCode: 404, code: 'NOT_FOUND', message: `No console file ${req.path}` });
      return;
    }
    const page = req.path === '/public' || req.path.startsWith('/public/') ? publicPage : index;
    if (!existsSync(page)) {
      res.status(503).json({
        statusCode: 503,
        code: 'CONSOLE_NOT_BUILT',
        message: `The web console is not built in ${dir}: run \`npm run build:console\` (npm start does it).`,
        messageVi: 'Giao diện web chưa được biên dịch: chạy `npm run build:console`.',
      });
      return;
    }
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(page);
  });
}
