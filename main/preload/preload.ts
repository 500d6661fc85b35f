// Runs in the sandboxed renderer before the page, in an isolated world. Exposes exactly one
// thing to the page, window.edgeNode.call, which forwards to the main process over a single
// IPC channel. No ipcRenderer, no events, no Node: the page can ask the core, nothing else.
// Bundled to one CommonJS file (dist/app/preload.cjs) because a sandboxed preload may only
// require('electron').
import { contextBridge, ipcRenderer } from 'electron';
import type { EdgeNodeBridge, IPC_CALL_CHANNEL } from '../../common/contract';

// Type-only import, checked against the contract at compile time: importing the value would
// pull the whole contract and zod into the preload for one string.
const CALL_CHANNEL: typeof IPC_CALL_CHANNEL = 'edge-node:call';

const bridge: EdgeNodeBridge = {
  call: (channel, input) => ipcRenderer.invoke(CALL_CHANNEL, channel, input),
};

contextBridge.exposeInMainWorld('edgeNode', bridge);
