import path from 'node:path';
import { defineConfig } from 'vite';

/**
 * The console is built into static files (`apps/console/dist`) that the API serves under /console
 * (`npm run build:console`; `npm start` builds it when its sources changed). JSX is compiled by Vite's
 * own transformer (oxc); no React Fast Refresh plugin: the console is developed against a built copy.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/console/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // The size budgets are checked by test/e2e/console-browser.e2e-spec.ts, not by this warning.
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      // Two pages: the staff console, and the applicants' public pages with a small bundle of their own.
      // React's "use client" markers mean nothing in a client-only bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
      input: {
        console: path.join(import.meta.dirname, 'index.html'),
        public: path.join(import.meta.dirname, 'public.html'),
      },
    },
  },
});
