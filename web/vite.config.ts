import { defineConfig } from 'vite';

/**
 * The workbench build. React's JSX goes through esbuild's automatic runtime (no React plugin:
 * nothing here needs fast refresh in a build), and the output lands in dist/web, which the API
 * server serves at `/`. `npm run dev:web` serves it with hot reload against an API on :4000.
 */
export default defineConfig({
  root: __dirname,
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // React, Apollo and the app are one chunk of about 580 kB (160 kB gzipped); charts and the graph drawing load on demand.
    chunkSizeWarningLimit: 700,
    sourcemap: true,
    rollupOptions: {
      // React Router marks its modules "use client" for server-component bundlers; meaningless here.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: {
      '/graphql': { target: 'http://127.0.0.1:4000', ws: true },
      '/auth': 'http://127.0.0.1:4000',
    },
  },
});
