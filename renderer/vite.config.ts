// Builds the renderer into dist/renderer. `base: './'` makes every asset URL relative to
// index.html, so the same files work over loopback HTTP at any path (tests), from the
// Electron app:// protocol, and from a sub-folder — nothing assumes it is served from "/".
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  // public/bridge.js is copied verbatim: the loopback bridge serves its own file at that
  // path and the Electron build keeps it empty (the preload provides window.edgeNode).
  publicDir: 'public',
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // A desktop app loads its bundle from local disk; antd alone is larger than the web
    // default of 500 kB, and splitting it would only add requests, not speed.
    chunkSizeWarningLimit: 2500,
    // No inline scripts: the CSP forbids them, so never inline the module preload polyfill.
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  server: {
    // The renderer imports the pure contract and catalog validators from ../common.
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
  },
});
