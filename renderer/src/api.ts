// The renderer's only door to the core: a typed wrapper around window.edgeNode.
// The session token lives in the transport (Electron main or an HttpOnly cookie), never
// here; this module only forwards calls and notices when the session has ended.
import type { ApiError, ApiResult, ChannelName, EdgeNodeBridge, InputOf, OutputOf } from '../../common/contract';

declare global {
  interface Window {
    edgeNode: EdgeNodeBridge;
  }
}

export type { ApiError, ApiResult };

type Listener = (error: ApiError) => void;
let onUnauthenticated: Listener | null = null;
let lastCallAt = 0;

/** When the last call went out: every call refreshes the core's idle timer. */
export function lastCallTime(): number {
  return lastCallAt;
}

/** The app shell registers here to send the user back to the login screen. */
export function setUnauthenticatedHandler(listener: Listener | null): void {
  onUnauthenticated = listener;
}

/**
 * Calls one channel. Never throws: a missing bridge or a transport failure becomes an
 * INTERNAL error, so every screen handles exactly one result shape.
 */
export async function call<C extends ChannelName>(channel: C, input: InputOf<C>): Promise<ApiResult<OutputOf<C>>> {
  let result: ApiResult<OutputOf<C>>;
  try {
    if (typeof window.edgeNode?.call !== 'function') {
      return { ok: false, error: { code: 'INTERNAL', message: '未连接到节点核心服务，请重新启动程序' } };
    }
    lastCallAt = Date.now();
    result = await window.edgeNode.call(channel, input);
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: '与节点核心服务通信失败，请稍后重试' } };
  }
  if (!result.ok && result.error.code === 'UNAUTHENTICATED') onUnauthenticated?.(result.error);
  return result;
}

/** Output types by channel, for screens that keep results in state. */
export type Out<C extends ChannelName> = OutputOf<C>;
export type Catalog = OutputOf<'catalog.get'>;
export type Resource = Catalog['resources'][number];
export type Item = Resource['items'][number];
