// The dashboard's build: Preact's JSX through Vite's own transformer (no Babel preset needed), served
// under /ui/ with hashed asset names the server caches for a year. `npm run dev:web` proxies /v1 to a
// running Tessera (TESSERA_URL, default http://127.0.0.1:8080), so the page talks to a real server.
import { defineConfig } from 'vite';

const target = process.env.TESSERA_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: import.meta.dirname,
  base: '/ui/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    // No inline data: URLs for scripts or styles: the CSP allows 'self' only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    target: 'es2022',
  },
  server: { proxy: { '/v1': { target, changeOrigin: true } } },
});
