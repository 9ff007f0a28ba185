// Vite build for the dashboard: index.html at the repo root, bundle into dist/ (gitignored), which
// `aios serve` serves. Builds offline; no dev-only plugins are needed for the production bundle.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// @vitejs/plugin-react 6 keeps its Babel and React Compiler peers optional and transforms JSX with
// Vite 8's built-in oxc, so it adds Fast Refresh for `vite dev` without extra packages.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // recharts is most of the bundle; one chunk is fine for a local dashboard.
    chunkSizeWarningLimit: 1200,
  },
});
