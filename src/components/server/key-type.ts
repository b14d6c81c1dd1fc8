/** Key algorithm of the SPIRE server's signing keys (`ca_key_type`). */
export enum KeyType {
  /** ECDSA P-256 (SPIRE's default). */
  EC_P256 = 'ec-p256',
  /** ECDSA P-384. */
  EC_P384 = 'ec-p384',
  /** RSA 2048 bits. */
  RSA_2048 = 'rsa-2048',
  /** RSA 4096 bits. */
  RSA_4096 = 'rsa-4096',
}
