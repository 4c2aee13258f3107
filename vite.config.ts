import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const repo = fileURLToPath(new URL('.', import.meta.url));

/** The browser playground: `npm run playground` serves it, `npm run build:playground` builds dist-web/. */
export default defineConfig({
  root: 'src/web',
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  server: { fs: { allow: [repo] } },
  build: {
    outDir: '../../dist-web',
    emptyOutDir: true,
    // elkjs alone is 1.6 MB; it is loaded only when the statechart is first drawn.
    chunkSizeWarningLimit: 2000,
  },
});
