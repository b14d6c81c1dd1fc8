import { ApiObject, ApiObjectMetadata, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { CLUSTER_STATIC_ENTRY_KIND } from '../crds/names';
import { checkEach, propertyError } from '../errors';
import { dnsNameProblem } from '../spiffe/dns-name';
import { selectorProblem } from '../spiffe/selector';
import { spiffeIdProblem } from '../spiffe/spiffe-id';
import type { ISpire } from '../spire-ref';
import { checkFederatesWith, checkHint, entryTtl, registrationClassName } from './registration-checks';
import { CheckedRegistration, checkIntoSpec, registrationObjectProps } from './registration-object';

/** Properties of a ClusterStaticEntry. */
export interface ClusterStaticEntryProps {
  /**
   * The SPIRE installation that serves this entry. Linking stamps its
   * className and checks both IDs' trust domain and the TTLs against it.
   * @default - not linked: set className yourself
   */
  readonly spire?: ISpire;
  /** The SPIFFE ID to issue, e.g. `spiffe://example.org/legacy/batch`. Not under `/spire`. */
  readonly spiffeId: string;
  /**
   * The parent: an agent's ID (`spiffe://<td>/spire/agent/k8s_psat/<cluster>/<node-uid>`),
   * the server's (`spiffe://<td>/spire/server`) for node entries, or another entry's ID.
   */
  readonly parentId: string;
  /** SPIRE selectors (`type:value`) a workload must match, at least one. */
  readonly selectors: string[];
  /**
   * Trust domains whose bundles the workload also receives.
   * @default - none
   */
  readonly federatesWith?: string[];
  /**
   * Lifetime of the X.509 SVID.
   * @default - the server's x509SvidTtl
   */
  readonly x509SvidTtl?: Duration;
  /**
   * Lifetime of JWT SVIDs.
   * @default - the server's jwtSvidTtl
   */
  readonly jwtSvidTtl?: Duration;
  /**
   * Extra DNS names for the X.509 SVID (a wildcard only as the first label).
   * @default - none
   */
  readonly dnsNames?: string[];
  /**
   * Entry hint (at most 1024 characters).
   * @default - none
   */
  readonly hint?: string;
  /**
   * Let the SVID call SPIRE's admin APIs.
   * @default false
   */
  readonly admin?: boolean;
  /**
   * The entry describes a downstream SPIRE server.
   * @default false
   */
  readonly downstream?: boolean;
  /**
   * Store the SVID in a SVIDStore plugin instead of serving it to a workload.
   * @default false
   */
  readonly storeSvid?: boolean;
  /**
   * Controller class that reconciles this resource.
   * @default - the linked Spire's className; none when not linked
   */
  readonly className?: string;
  /**
   * Object metadata (name, labels, annotations).
   * @default - a name derived from the construct path
   */
  readonly metadata?: ApiObjectMetadata;
}

/**
 * A ClusterStaticEntry: one fixed SPIRE registration entry, for workloads the
 * pod-based ClusterSPIFFEID cannot describe. The controller manager has no
 * webhook for this kind, so every field is validated here at synth.
 */
export class ClusterStaticEntry extends ApiObject {
  /** The className it carries, if any. */
  public readonly className?: string;

  constructor(scope: Construct, id: string, props: ClusterStaticEntryProps) {
    const spec: Record<string, unknown> = {};
    super(scope, id, registrationObjectProps(scope, id, CLUSTER_STATIC_ENTRY_KIND, props.metadata, spec));
    const checked = checkIntoSpec(this, spec, () => clusterStaticEntrySpec(this, props));
    this.className = checked.className;
  }

  /**
   * The ClusterStaticEntry object: the construct itself.
   * @deprecated use the construct, which is the ApiObject
   */
  public get apiObject(): ApiObject {
    return this;
  }
}

function clusterStaticEntrySpec(scope: ClusterStaticEntry, props: ClusterStaticEntryProps): CheckedRegistration {
  const spire = props.spire;
  const idProblem = spiffeIdProblem(props.spiffeId, { workload: true, trustDomain: spire?.trustDomain });
  const td = spire?.trustDomain ?? 'example.org';
  if (idProblem) throw propertyError(scope, 'spiffeId', props.spiffeId, idProblem, `correct the ID as described, e.g. "spiffe://${td}/ns/batch/sa/worker"`);
  const parentProblem = spiffeIdProblem(props.parentId, { trustDomain: spire?.trustDomain });
  if (parentProblem) {
    throw propertyError(scope, 'parentId', props.parentId, parentProblem,
      `use the ID of the agent (or node alias) the workload runs under, e.g. "spiffe://${td}/spire/agent/k8s_psat/${spire?.clusterName ?? '<cluster>'}/<node UID>"`);
  }
  if (props.selectors.length === 0) {
    throw propertyError(scope, 'selectors', props.selectors, 'is empty (SPIRE needs at least one selector to match a workload)', 'add selectors such as "k8s:ns:batch" and "k8s:sa:worker"');
  }
  checkEach(scope, 'selectors', props.selectors, selectorProblem, 'correct it as described, e.g. "k8s:ns:batch"');
  checkEach(scope, 'dnsNames', props.dnsNames, dnsNameProblem, 'correct it as described, e.g. "batch.example.org" or "*.batch.example.org"');
  checkFederatesWith(scope, spire, props.federatesWith);
  checkHint(scope, props.hint);
  const x509SvidTtl = entryTtl(scope, 'x509SvidTtl', props.x509SvidTtl, spire);
  const jwtSvidTtl = entryTtl(scope, 'jwtSvidTtl', props.jwtSvidTtl, spire);
  const className = registrationClassName(scope, spire, props.className, props.metadata);
  return {
    className,
    spec: {
      className,
      spiffeID: props.spiffeId,
      parentID: props.parentId,
      selectors: props.selectors,
      federatesWith: props.federatesWith,
      x509SVIDTTL: x509SvidTtl,
      jwtSVIDTTL: jwtSvidTtl,
      dnsNames: props.dnsNames,
      hint: props.hint,
      admin: props.admin,
      downstream: props.downstream,
      storeSVID: props.storeSvid,
    },
  };
}
