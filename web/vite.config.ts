import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The console builds into dist/web, which the Nest process serves at `/` (src/console). No inline script or
 * style ends up in the output, so the Content-Security-Policy can stay `'self'` only; `vite dev` proxies the API
 * to a Kanri started on KANRI_API (default http://127.0.0.1:3000).
 */
export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // A data: URL in a <link> or an inlined asset would need a wider CSP; keep every asset a file.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { '/api': process.env.KANRI_API ?? 'http://127.0.0.1:3000' },
  },
});
