import { SERVING_CERT_DIRECTORY, type ResolvedBundleEndpoint } from './resolve-bundle-endpoint';
import type { IVolume, IVolumeMount } from '../components/common/kubernetes';
import type { BundleEndpointConfigModel } from '../config/bundle-endpoint-config';

const SERVING_CERT_VOLUME = 'bundle-endpoint-tls';
/** Readable by the owner and the pod's fsGroup (the SPIRE user's group), by no one else. */
const KEY_FILE_MODE = 0o440;

/** The bundle endpoint's part of server.conf. */
export function bundleEndpointConfig(endpoint: ResolvedBundleEndpoint): BundleEndpointConfigModel {
  const cert = endpoint.servingCertificate;
  return {
    port: endpoint.port,
    profile: endpoint.profile,
    refreshHint: endpoint.refreshHint,
    acme: endpoint.acme && { domainName: endpoint.publicHost, email: endpoint.acme.email, directoryUrl: endpoint.acme.directoryUrl },
    servingCertFile: cert && {
      certFilePath: `${SERVING_CERT_DIRECTORY}/${cert.certificateKey}`,
      keyFilePath: `${SERVING_CERT_DIRECTORY}/${cert.privateKeyKey}`,
      fileSyncInterval: cert.fileSyncInterval,
    },
  };
}

/** The https_web serving certificate, mounted read-only into the server container. */
export function bundleEndpointVolumes(endpoint: ResolvedBundleEndpoint | undefined): { volumes: IVolume[]; mounts: IVolumeMount[] } {
  const cert = endpoint?.servingCertificate;
  if (!cert) return { volumes: [], mounts: [] };
  return {
    // Mounted as a directory, not with subPath: SPIRE re-reads the files, and
    // only a directory mount sees the kubelet's updates when the Secret is renewed.
    volumes: [{ name: SERVING_CERT_VOLUME, secret: { secretName: cert.secretName, defaultMode: KEY_FILE_MODE } }],
    mounts: [{ name: SERVING_CERT_VOLUME, mountPath: SERVING_CERT_DIRECTORY, readOnly: true }],
  };
}
