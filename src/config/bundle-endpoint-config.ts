import { keyedBlock } from './plugins';

/** The bundle endpoint as server.conf needs it, already derived and validated. */
export interface BundleEndpointConfigModel {
  readonly port: number;
  /** `https_spiffe` or `https_web`. */
  readonly profile: string;
  readonly refreshHint?: string;
  /** https_web with ACME: the domain (the public host) and the CA account. */
  readonly acme?: { readonly domainName: string; readonly email: string; readonly directoryUrl?: string };
  /** https_web: the serving certificate files. */
  readonly servingCertFile?: {
    readonly certFilePath: string;
    readonly keyFilePath: string;
    readonly fileSyncInterval?: string;
  };
}

/** `server.federation` with its `bundle_endpoint` block (SPIRE 1.15 keys only). */
export function renderFederation(model: BundleEndpointConfigModel): Record<string, unknown> {
  const web = model.acme
    ? {
      acme: {
        domain_name: model.acme.domainName,
        email: model.acme.email,
        directory_url: model.acme.directoryUrl,
        tos_accepted: true,
      },
    }
    : {
      serving_cert_file: model.servingCertFile && {
        cert_file_path: model.servingCertFile.certFilePath,
        key_file_path: model.servingCertFile.keyFilePath,
        file_sync_interval: model.servingCertFile.fileSyncInterval,
      },
    };
  const profile = model.profile === 'https_web' ? keyedBlock('https_web', web) : keyedBlock('https_spiffe', {});
  return {
    bundle_endpoint: {
      address: '0.0.0.0',
      port: model.port,
      refresh_hint: model.refreshHint,
      profile,
    },
  };
}
