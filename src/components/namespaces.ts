import { Construct } from 'constructs';
import type { SpireWiring } from '../wiring';
import { ObjectScope } from './common/object-scope';

/**
 * The two SPIRE namespaces, split by Pod Security level: the server needs no
 * host access (`restricted`); the agent and CSI driver do (`privileged`).
 */
export class SpireNamespaces {
  constructor(scope: Construct, id: string, wiring: SpireWiring) {
    const objects = ObjectScope.of(scope).part(id);
    namespace(objects, 'Server', wiring.serverNamespace, 'restricted');
    namespace(objects, 'System', wiring.systemNamespace, 'privileged');
  }
}

function namespace(scope: ObjectScope, id: string, name: string, level: 'restricted' | 'privileged'): void {
  scope.add(id, {
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
