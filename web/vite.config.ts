import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// Screens load per route (web/src/router.tsx), so Vite's default chunk warning (500 kB) stays on.
// React is a chunk of its own: it changes with upgrades only, so browsers keep it across releases.
export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    rolldownOptions: {
      output: { codeSplitting: { groups: [{ name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ }] } },
    },
  },
  server: { proxy: { '/api': process.env['RAPPORT_API'] ?? 'http://localhost:3000' } },
});
