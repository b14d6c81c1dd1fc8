/**
 * The partner trust domain's bundle, as `spire-server bundle show -format spiffe`
 * prints it on the partner's SPIRE server. SPIRE authenticates the partner's
 * https_spiffe bundle endpoint with it on the first fetch; later fetches keep it
 * current. (A demo authority made for this example; paste your partner's.)
 */
export const PARTNER_BUNDLE = JSON.stringify({
  keys: [
    {
      use: 'x509-svid',
      kty: 'EC',
      crv: 'P-256',
      x: 'HcuunbeFmqWbxxUhCdILARmiTcYrZTcXPxS2U3rAK58',
      y: 'ASU1QFm1bhAWnVFNeNcF7ztdpjDOecM_ADBGNuan-kc',
      x5c: [
        'MIICBjCCAaygAwIBAgIUTy+eguSmUZcfNoGbt2WFExWrew0wCgYIKoZIzj0EAwIwOzELMAkGA1UEBhMCVVMxDzANBgNVBAoMBlNQSUZGRTEbMBkGA1UEAwwScGFydG5lci1leGFtcGxlLWNhMB4XDTI2MTIwMTIxNTY0MVoXDTM2MTEyODIxNTY0MVowOzELMAkGA1UEBhMCVVMxDzANBgNVBAoMBlNQSUZGRTEbMBkGA1UEAwwScGFydG5lci1leGFtcGxlLWNhMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEHcuunbeFmqWbxxUhCdILARmiTcYrZTcXPxS2U3rAK58BJTVAWbVuEBadUU141wXvO12mMM55wz8AMEY25qf6R6OBjTCBijAdBgNVHQ4EFgQU8H6f51Gf1lc6EwkLVCfzOcJMBeIwHwYDVR0jBBgwFoAU8H6f51Gf1lc6EwkLVCfzOcJMBeIwJwYDVR0RBCAwHoYcc3BpZmZlOi8vcGFydG5lci5leGFtcGxlLmNvbTAPBgNVHRMBAf8EBTADAQH/MA4GA1UdDwEB/wQEAwIBBjAKBggqhkjOPQQDAgNIADBFAiBwaCbczoQC/+OMhEkQDXZFwp6v6+1Xt98YgAg11rV8OwIhAKWLGH/N5vh2rfoJbXnDaANErRZrrgadHqDR9MJeYwD2',
      ],
    },
  ],
  spiffe_refresh_hint: 300,
  spiffe_sequence: 1,
});
