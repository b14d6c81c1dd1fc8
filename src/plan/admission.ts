// What the API server refuses to store, so never exists in the cluster: a ClusterSPIFFEID or
// ClusterFederatedTrustDomain the controller manager's validating webhook rejects
// (failurePolicy=fail), or whose ttl does not decode. A refused registration declares no entry,
// so it cannot suppress a fallback either (issue 16, class 3).
//   - ClusterSPIFFEID: spiffe/spire-controller-manager api/v1alpha1/clusterspiffeid_webhook.go
//     ParseClusterSPIFFEIDSpec: non-empty spiffeIDTemplate, every template parses
//     (template.New(...).Parse), selectors convert (metav1.LabelSelectorAsSelector), federatesWith
//     entries are trust domains (spiffeid.TrustDomainFromString); ttl and jwtTtl are
//     metav1.Duration, decoded with time.ParseDuration.
//   - ClusterFederatedTrustDomain: clusterfederatedtrustdomain_webhook.go
//     ParseClusterFederatedTrustDomainSpec.

import { parseGoDuration } from './go-duration';
import { templateParseProblem } from './go-template';
import { compileSelector } from './label-selector';
import type { KubeObject } from './model';
import { spiffeBundleProblem } from '../spiffe/spiffe-bundle';
import { spiffeIdProblem } from '../spiffe/spiffe-id';
import { trustDomainProblem } from '../spiffe/trust-domain';

/** One reason the API server refuses the object, with the field it is about. */
export interface AdmissionProblem {
  readonly field: string;
  readonly problem: string;
}

/** Why the webhook (or decoding) refuses this ClusterSPIFFEID spec; empty when it is admitted. */
export function clusterSpiffeIdAdmission(spec: Record<string, any>): AdmissionProblem[] {
  const problems: AdmissionProblem[] = [];
  if (!spec.spiffeIDTemplate) {
    problems.push({ field: 'spiffeIDTemplate', problem: 'is empty ("empty SPIFFEID template")' });
  } else {
    const parse = templateParseProblem(spec.spiffeIDTemplate);
    if (parse) problems.push({ field: 'spiffeIDTemplate', problem: `does not parse as a Go template (${parse})` });
  }
  for (const field of ['namespaceSelector', 'podSelector']) {
    const compiled = spec[field] === undefined || spec[field] === null ? undefined : compileSelector(spec[field]);
    if (typeof compiled === 'string') problems.push({ field, problem: `is invalid: ${compiled}` });
  }
  (spec.federatesWith ?? []).forEach((td: string, i: number) => {
    const problem = trustDomainProblem(String(td));
    if (problem) problems.push({ field: `federatesWith[${i}]`, problem: `"${td}" ${problem}` });
  });
  for (const field of ['dnsNameTemplates', 'workloadSelectorTemplates']) {
    (spec[field] ?? []).forEach((template: string, i: number) => {
      const parse = templateParseProblem(String(template));
      if (parse) problems.push({ field: `${field}[${i}]`, problem: `does not parse as a Go template (${parse})` });
    });
  }
  for (const field of ['ttl', 'jwtTtl']) {
    const value = spec[field];
    if (value === undefined || value === null || value === '') continue;
    const parsed = typeof value === 'string' ? parseGoDuration(value) : `${JSON.stringify(value)} is not a string`;
    if (typeof parsed === 'string') problems.push({ field, problem: `does not decode as a duration (${parsed})` });
  }
  return problems;
}

/** Why the webhook refuses this ClusterFederatedTrustDomain; empty when it is admitted. */
export function federatedTrustDomainAdmission(object: KubeObject): AdmissionProblem[] {
  const spec = object.spec ?? {};
  const problems: AdmissionProblem[] = [];
  const tdProblem = trustDomainProblem(String(spec.trustDomain ?? ''));
  if (tdProblem) problems.push({ field: 'trustDomain', problem: `"${spec.trustDomain ?? ''}" ${tdProblem}` });
  // spireapi.ValidateBundleEndpointURL: an https URL with a host, no user info.
  let url: URL | undefined;
  try {
    url = new URL(String(spec.bundleEndpointURL ?? ''));
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'https:' || !url.hostname || url.username || url.password) {
    problems.push({ field: 'bundleEndpointURL', problem: `"${spec.bundleEndpointURL ?? ''}" is not an https URL with a host and no user info` });
  }
  const profile = spec.bundleEndpointProfile ?? {};
  if (profile.type === 'https_web') {
    if (profile.endpointSPIFFEID) problems.push({ field: 'bundleEndpointProfile.endpointSPIFFEID', problem: 'is not applicable to the "https_web" profile' });
  } else if (profile.type === 'https_spiffe') {
    const idProblem = spiffeIdProblem(String(profile.endpointSPIFFEID ?? ''));
    if (idProblem) problems.push({ field: 'bundleEndpointProfile.endpointSPIFFEID', problem: `"${profile.endpointSPIFFEID ?? ''}" ${idProblem}` });
  } else {
    problems.push({ field: 'bundleEndpointProfile.type', problem: `"${profile.type ?? ''}" is neither "https_web" nor "https_spiffe"` });
  }
  if (spec.trustDomainBundle) {
    const bundleProblem = spiffeBundleProblem(String(spec.trustDomainBundle));
    if (bundleProblem) problems.push({ field: 'trustDomainBundle', problem: bundleProblem });
  }
  return problems;
}
