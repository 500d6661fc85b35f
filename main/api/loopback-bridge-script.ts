// window.edgeNode for a page served by the loopback bridge; served at /bridge.js before the
// app's bundle. Every answer is JSON, refusals included (403, 429), so the page shows the
// bridge's own Chinese sentence instead of a broken connection.
export const BRIDGE_SCRIPT = `'use strict';
window.edgeNode = Object.freeze({
  call(channel, input) {
    return fetch('/api/call', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-edge-node': '1' },
      body: JSON.stringify({ channel, input }),
    }).then((r) => r.json()).catch(() => ({ ok: false, error: { code: 'INTERNAL', message: '与本机节点服务的连接中断，请刷新页面重试' } }));
  },
});
`;
