// Classifies a failure without an answer, looking twice at a bare connection reset: under
// TLS 1.3 the exchange checks our certificate after we consider the handshake done and have
// sent the request, so its refusal (revoked, expired, unknown CA) often reaches us only as
// ECONNRESET. A TLS 1.2 handshake with the same identity tells a refusal from a dropped
// connection, so a revoked node stops with the right sentence instead of retrying for ever.
import { errorCodes } from '../../platform/error-causes';
import { classifyError, type Failure } from './failures';
import type { ExchangeTransport } from './transport';

export async function classifyFailure(error: unknown, transport: Pick<ExchangeTransport, 'diagnoseHandshake'>, timeoutMs: number): Promise<Failure> {
  const failure = classifyError(error);
  if (failure.kind !== 'network' || !isReset(error)) return failure;
  // Twice, and both must say so: one handshake cut by a flaky link must not stop sync.
  for (let attempt = 0; attempt < 2; attempt++) {
    const handshake = await transport.diagnoseHandshake(timeoutMs);
    if (!handshake) return failure;
    const diagnosed = classifyError(handshake);
    if (diagnosed.kind !== 'certificate') return failure;
    if (attempt === 1) return diagnosed;
  }
  return failure;
}

export function isReset(error: unknown): boolean {
  const codes = errorCodes(error);
  return codes.includes('ECONNRESET') || codes.includes('EPIPE') || /socket hang up/i.test(String((error as { message?: unknown })?.message));
}
