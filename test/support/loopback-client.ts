// Raw HTTP to a loopback bridge, for tests that play callers a browser would never be: any
// Host, any Origin, any cookie, bodies of any size. node:http rather than fetch, because
// fetch normalises paths and will not send every header we forge.
import { request } from 'node:http';
import type { LoopbackBridge } from '../../main/api/loopback-bridge';

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request; resolves with the answer, or `{ cut }` when the server closed the connection instead. */
export function rawRequest(
  origin: string,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer; timeoutMs?: number },
): Promise<RawAnswer | { cut: string }> {
  const url = new URL(origin);
  return new Promise((resolve) => {
    const req = request(
      { host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port, method: options.method ?? 'GET', path: options.path ?? '/', headers: options.headers ?? {}, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (e) => resolve({ cut: e.message }));
      },
    );
    req.setTimeout(options.timeoutMs ?? 20_000, () => req.destroy(new Error('timed out')));
    req.on('error', (e) => resolve({ cut: e.message }));
    req.end(options.body);
  });
}

/** The Host and Origin our own page sends, for the bridge at `origin`. */
export function ownPageHeaders(origin: string): Record<string, string> {
  return { host: new URL(origin).host, origin };
}

/** Opens the printed link as a browser would and returns the door cookie it was given. */
export async function admit(bridge: LoopbackBridge): Promise<string> {
  const link = new URL(bridge.url);
  const answer = await rawRequest(bridge.origin, { path: `${link.pathname}${link.search}`, headers: { host: link.host } });
  if (!('status' in answer) || answer.status !== 303) throw new Error(`the printed link was not accepted: ${JSON.stringify(answer)}`);
  const setCookie = ([] as string[]).concat(answer.headers['set-cookie'] ?? []);
  const door = setCookie.find((c) => c.startsWith('edge_node_door_'));
  if (!door) throw new Error('the printed link set no door cookie');
  return door.split(';')[0]!;
}

/** An API call as our own page makes it (Host, Origin, header, door cookie and, when given, the session cookie). */
export async function callAsPage(bridge: LoopbackBridge, cookie: string, channel: string, input: unknown, extra: { session?: string } = {}): Promise<RawAnswer> {
  const answer = await rawRequest(bridge.origin, {
    method: 'POST',
    path: '/api/call',
    headers: { ...ownPageHeaders(bridge.origin), 'content-type': 'application/json', 'x-edge-node': '1', cookie: [cookie, extra.session].filter(Boolean).join('; ') },
    body: JSON.stringify({ channel, input }),
  });
  if (!('status' in answer)) throw new Error(`call ${channel} was cut: ${answer.cut}`);
  return answer;
}

/** The session cookie (name=value) a call's answer set, if any. */
export function sessionCookieOf(answer: RawAnswer): string | undefined {
  const setCookie = ([] as string[]).concat(answer.headers['set-cookie'] ?? []);
  return setCookie.find((c) => c.startsWith('edge_node_session'))?.split(';')[0];
}
