/** Options of the IstioOperator written for `istioctl install -f`. */
export interface IstioOperatorOptions {
  /**
   * metadata.name of the IstioOperator.
   * @default 'spire'
   */
  readonly name?: string;
}

/** Options of the Sail Operator `Istio` resource. */
export interface SailIstioOptions {
  /**
   * metadata.name of the Istio resource (Sail allows one per revision; `default` is the default revision).
   * @default 'default'
   */
  readonly name?: string;
}
