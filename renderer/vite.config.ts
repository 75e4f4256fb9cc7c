import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The service the dev server proxies to (npm run serve in another terminal).
const service = process.env.SPARK_EXPERIMENTS_API ?? 'http://127.0.0.1:18000';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  server: {
    port: 5173,
    proxy: {
      // Same origin for the browser; the proxy presents itself as the service's own origin so
      // the API's Host and Origin checks hold.
      '/api': {
        target: service,
        changeOrigin: true,
        configure: (proxy) => {
          proxy.on('proxyReq', (req) => {
            if (req.getHeader('origin')) req.setHeader('origin', service);
          });
        },
      },
    },
  },
});
