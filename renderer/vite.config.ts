import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  // The bridge accepts only its own loopback Host and Origin (DNS rebinding): the dev proxy sends those.
  server: {
    port: 5173,
    proxy: {
      '/rpc': { target: 'http://127.0.0.1:5174', changeOrigin: true, headers: { origin: 'http://127.0.0.1:5174' } },
    },
  },
});
