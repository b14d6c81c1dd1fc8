import { createHash } from 'crypto';

/** Short content hash for pod-template annotations: a config change rolls the pods. */
export function contentHash(content: string): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 16);
}
