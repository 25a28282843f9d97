import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The agent console: a static single-page app. `npm ci` and `npm start` build it into
 * console/dist; the local server serves it at `/`, CloudFront serves it from S3 on AWS.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // The console's JS budget (issue: ≤ 400 KB gzip) is checked by bench/console.ts.
    chunkSizeWarningLimit: 1500,
  },
});
