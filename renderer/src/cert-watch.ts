// One place that knows the latest certificate status the renderer has seen, so the expiry
// banner in the frame updates the moment the administrator imports a new certificate on
// 证书管理, instead of at the next 10-minute check.
import type { CertStatus } from '../../common/contract';

type Listener = (status: CertStatus) => void;
const listeners = new Set<Listener>();

export function publishCertStatus(status: CertStatus): void {
  for (const l of listeners) l(status);
}

export function onCertStatus(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
