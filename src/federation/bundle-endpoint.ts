import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { ResolvedBundleEndpoint } from './resolve-bundle-endpoint';
import { componentLabels, selectorLabels } from '../components/common/labels';
import { ObjectScope } from '../components/common/object-scope';
import type { SpireWiring } from '../wiring';

/** The port name of the bundle endpoint on the server container and Services. */
export const BUNDLE_ENDPOINT_PORT_NAME = 'federation';

/**
 * What exposes the bundle endpoint to partners in other clusters: a
 * LoadBalancer or NodePort Service, an Ingress with SSL passthrough, or a
 * Gateway API TLSRoute, and the cert-manager Certificate of an https_web
 * endpoint. Every route passes TLS through to SPIRE.
 */
export class SpireBundleEndpoint {
  /** The objects emitted for the exposure (escape hatches). */
  public readonly objects: ApiObject[] = [];

  constructor(scope: Construct, id: string, wiring: SpireWiring, endpoint: ResolvedBundleEndpoint) {
    const target = ObjectScope.of(scope).part(id);
    const server = wiring.server;
    const namespace = wiring.serverNamespace;
    const labels = componentLabels(server.name, 'server');
    const name = `${server.name}-federation`;
    const exposure = endpoint.exposure;

    if (exposure.kind === 'load-balancer' || exposure.kind === 'node-port') {
      const loadBalancer = exposure.kind === 'load-balancer';
      this.objects.push(target.add('Service', {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name, namespace, labels, annotations: exposure.annotations },
        spec: {
          type: loadBalancer ? 'LoadBalancer' : 'NodePort',
          selector: selectorLabels(server.name),
          loadBalancerClass: exposure.loadBalancerClass,
          loadBalancerSourceRanges: exposure.loadBalancerSourceRanges,
          ports: [{
            name: BUNDLE_ENDPOINT_PORT_NAME,
            port: loadBalancer ? exposure.publicPort : endpoint.port,
            nodePort: exposure.nodePort,
            targetPort: BUNDLE_ENDPOINT_PORT_NAME,
            protocol: 'TCP',
          }],
        },
      }));
    }

    if (exposure.kind === 'ingress') {
      this.objects.push(target.add('Ingress', {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name, namespace, labels, annotations: exposure.annotations },
        spec: {
          ingressClassName: exposure.ingressClassName,
          // No tls section: with SSL passthrough the controller routes by SNI
          // and SPIRE presents its own certificate.
          rules: [{
            host: endpoint.publicHost,
            http: {
              paths: [{
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: server.name, port: { name: BUNDLE_ENDPOINT_PORT_NAME } } },
              }],
            },
          }],
        },
      }));
    }

    if (exposure.kind === 'tls-route') {
      this.objects.push(target.add('TLSRoute', {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'TLSRoute',
        metadata: { name, namespace, labels },
        spec: {
          parentRefs: [{
            group: 'gateway.networking.k8s.io',
            kind: 'Gateway',
            name: exposure.gatewayName,
            namespace: exposure.gatewayNamespace,
            sectionName: exposure.sectionName,
          }],
          hostnames: [endpoint.publicHost],
          rules: [{ backendRefs: [{ group: '', kind: 'Service', name: server.name, port: endpoint.port }] }],
        },
      }));
    }

    const cert = endpoint.servingCertificate;
    if (cert?.certManager) {
      this.objects.push(target.add('Certificate', {
        apiVersion: 'cert-manager.io/v1',
        kind: 'Certificate',
        metadata: { name, namespace, labels },
        spec: {
          secretName: cert.secretName,
          dnsNames: [endpoint.publicHost],
          issuerRef: { name: cert.certManager.issuerName, kind: cert.certManager.issuerKind, group: cert.certManager.issuerGroup },
          privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
        },
      }));
    }
  }
}
