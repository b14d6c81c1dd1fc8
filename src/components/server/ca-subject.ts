/** Subject of the SPIRE server's CA certificates (`ca_subject`). */
export interface CaSubject {
  /**
   * Country codes.
   * @default - none
   */
  readonly country?: string[];
  /**
   * Organization names.
   * @default - none
   */
  readonly organization?: string[];
  /**
   * Common name.
   * @default - none
   */
  readonly commonName?: string;
}
