// Intentionally empty in the Electron build: there the preload script exposes
// window.edgeNode through contextBridge before this page runs. The loopback bridge used by
// the end-to-end tests serves its own bridge.js at this same path, which defines
// window.edgeNode over HTTP. index.html loads this file before the renderer's module script.
