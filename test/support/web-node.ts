// A real node served to a real browser: the built renderer over the loopback bridge, with
// the core behind it on a temporary data folder.
import { join } from 'node:path';
import { startLoopbackBridge, type LoopbackBridge } from '../../main/api/loopback-bridge';
import { startTestNode, type TestNode } from './test-node';

export const RENDERER_DIR = join(process.cwd(), 'dist', 'renderer');

export async function startWebNode(): Promise<TestNode & { bridge: LoopbackBridge; url: string; stop(): Promise<void> }> {
  const t = await startTestNode();
  const bridge = await startLoopbackBridge({ node: { dispatch: (...args) => t.node.dispatch(...args), close: () => t.node.close() }, staticDir: RENDERER_DIR });
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
