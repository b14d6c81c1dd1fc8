import { Construct } from 'constructs';
import type { SpireWiring } from '../wiring';
import { emit } from './common/emit';

/**
 * The two SPIRE namespaces, split by Pod Security level: the server needs no
 * host access (`restricted`); the agent and CSI driver do (`privileged`).
 */
export class SpireNamespaces extends Construct {
  constructor(scope: Construct, id: string, wiring: SpireWiring) {
    super(scope, id);
    namespace(this, 'Server', wiring.serverNamespace, 'restricted');
    namespace(this, 'System', wiring.systemNamespace, 'privileged');
  }
}

function namespace(scope: Construct, id: string, name: string, level: 'restricted' | 'privileged'): void {
  emit(scope, id, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: {
        'app.kubernetes.io/part-of': 'spire',
        'app.kubernetes.io/managed-by': 'cdk8s-spire',
        'pod-security.kubernetes.io/enforce': level,
        'pod-security.kubernetes.io/audit': level,
        'pod-security.kubernetes.io/warn': level,
        // SPIRE must never depend on a sidecar that itself needs SPIRE.
        'istio-injection': 'disabled',
      },
    },
  });
}
