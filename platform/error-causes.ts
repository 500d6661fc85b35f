// Node's network errors reach us wrapped: axios, fetch and our own transport put the socket
// or TLS error in `cause`, sometimes two levels down. What a failure means is decided by the
// codes along that chain, not by the outermost error alone.

/** How far down the chain to look: real wrappers nest two or three deep; a cycle must not hang. */
const MAX_DEPTH = 5;

/** The errors along `error`'s cause chain, the error itself first. */
export function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < MAX_DEPTH; depth++) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

/** The string `code`s along the cause chain (ECONNRESET, CERT_HAS_EXPIRED, ERR_SSL_…), outermost first. */
export function errorCodes(error: unknown): string[] {
  return causeChain(error).flatMap((e) => {
    const code = (e as { code?: unknown }).code;
    return typeof code === 'string' ? [code] : [];
  });
}
