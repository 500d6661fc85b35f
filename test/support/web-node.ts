// A real node served to a real browser: the built renderer over the loopback bridge, with
// the core behind it on a temporary data folder.
import { join } from 'node:path';
import { startLoopbackBridge, type LoopbackBridge } from '../../main/api/loopback-bridge';
import type { EdgeNode } from '../../main/api/runtime';
import { startTestNode, type TestNode } from './test-node';

export const RENDERER_DIR = join(process.cwd(), 'dist', 'renderer');

/**
 * Serves a test node to the browser. Each call reaches whatever `t.node` is when it arrives,
 * so a test that reopens the node (a restart, a restore) keeps its page. The bridge's `url`
 * is the link `serve` prints, with this launch's secret: a page that opens it gets the door
 * cookie (each new browser page opens it again), so tests go through the real door.
 */
export function serveToBrowser(t: { readonly node: EdgeNode }): Promise<LoopbackBridge> {
  return startLoopbackBridge({ node: { dispatch: (...args) => t.node.dispatch(...args), close: () => t.node.close() }, staticDir: RENDERER_DIR });
}

export async function startWebNode(): Promise<TestNode & { bridge: LoopbackBridge; url: string; stop(): Promise<void> }> {
  const t = await startTestNode();
  const bridge = await serveToBrowser(t);
  return {
    ...t,
    bridge,
    url: bridge.url,
    async stop() {
      await bridge.close();
      t.cleanup();
    },
  };
}
