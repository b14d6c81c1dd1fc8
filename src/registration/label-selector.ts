/** How a label selector requirement relates a label key to its values. */
export enum LabelSelectorOperator {
  /** The label's value is one of `values`. */
  IN = 'In',
  /** The label's value is none of `values` (or the label is absent). */
  NOT_IN = 'NotIn',
  /** The label is present, whatever its value. */
  EXISTS = 'Exists',
  /** The label is absent. */
  DOES_NOT_EXIST = 'DoesNotExist',
}

/** One requirement of a label selector. */
export interface LabelSelectorRequirement {
  /** The label key. */
  readonly key: string;
  /** How the key relates to the values. */
  readonly operator: LabelSelectorOperator;
  /**
   * Values for In and NotIn (at least one); must be empty for Exists and DoesNotExist.
   * @default - none
   */
  readonly values?: string[];
}

/** A Kubernetes label selector (all conditions must hold). */
export interface LabelSelector {
  /**
   * Labels that must have exactly these values.
   * @default - none
   */
  readonly matchLabels?: { [key: string]: string };
  /**
   * Further requirements.
   * @default - none
   */
  readonly matchExpressions?: LabelSelectorRequirement[];
}
