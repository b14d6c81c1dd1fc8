/**
 * One plugin entry in SPIRE's JSON config form: `[{ "<name>": { "plugin_data": {...} } }]`.
 *
 * SPIRE's config is HCL; its JSON form writes a repeated block as a list of
 * single-key objects, the shape the hardened Helm chart also renders.
 */
export function pluginEntry(name: string, data: Record<string, unknown>): Array<Record<string, unknown>> {
  return [{ [name]: { plugin_data: data } }];
}

/** A keyed block (`clusters "<key>" { ... }`) in SPIRE's JSON config form. */
export function keyedBlock(key: string, body: Record<string, unknown>): Array<Record<string, unknown>> {
  return [{ [key]: body }];
}

/** SPIRE's health-check listener block, the same for server and agent. */
export function healthChecks(port: number): Record<string, unknown> {
  return {
    listener_enabled: true,
    bind_address: '0.0.0.0',
    bind_port: port,
    live_path: '/live',
    ready_path: '/ready',
  };
}

/**
 * SPIRE's telemetry block with its Prometheus exporter on all addresses, in
 * the JSON form the Helm chart renders (`telemetry { Prometheus { host port } }`,
 * spiffe/spire doc/telemetry/telemetry_config.md).
 */
export function telemetry(port: number): Array<Record<string, unknown>> {
  return [{ Prometheus: [{ host: '0.0.0.0', port }] }];
}
