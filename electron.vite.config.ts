import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

// Main: the Electron shell (index.js, a relay), the core process it starts with utilityProcess.fork
// (core.js: src-main/core-host/entry.ts) and the DuckDB worker the core spawns by path (db-worker.js,
// beside core.js). Modules both entries share land in out/main/chunks/.
// Preload: CommonJS, because a sandboxed preload cannot be an ES module.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // DuckDB's JavaScript API is bundled into the worker (its native binding stays a package): loaded from
      // node_modules it was ~60 CommonJS modules read one by one at every worker start, a third of the start.
      externalizeDeps: { exclude: ['@duckdb/node-api'] },
      rollupOptions: {
        external: [/^@duckdb\/node-bindings/],
        input: {
          index: resolve('src-main/electron/main.ts'),
          core: resolve('src-main/core-host/entry.ts'),
          'db-worker': resolve('src-main/core/db/worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('src-main/electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: resolve('src-renderer/index.html') },
      // electron-vite leaves its output unminified; the window parses every byte of the first screen's
      // scripts before it paints (2.8 MB unminified, most of it ECharts and React), so minify it.
      minify: true,
      chunkSizeWarningLimit: 1500,
    },
  },
});
