import { App, Chart, Testing } from 'cdk8s';
import { Spire, SpireProps } from '../../src';

/** A chart with one Spire, synthesized; returns the Spire and its objects. */
export function synthSpire(props: Partial<SpireProps> = {}): { spire: Spire; objects: any[]; chart: Chart; app: App } {
  const app = Testing.app();
  const chart = new Chart(app, 'spire');
  const spire = new Spire(chart, 'spire', { trustDomain: 'example.org', clusterName: 'demo-cluster', ...props });
  return { spire, objects: Testing.synth(chart), chart, app };
}

/** The one object of this kind and name; fails the test when absent or ambiguous. */
export function find(objects: any[], kind: string, name: string): any {
  const found = objects.filter(o => o.kind === kind && o.metadata?.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind}/${name}, found ${found.length}`);
  return found[0];
}

export function ofKind(objects: any[], kind: string): any[] {
  return objects.filter(o => o.kind === kind);
}

/** The parsed JSON config stored in a ConfigMap. */
export function configIn(objects: any[], configMap: string, key: string): any {
  return JSON.parse(find(objects, 'ConfigMap', configMap).data[key]);
}

/** The single plugin_data of plugin `name` of `type` in a SPIRE JSON config. */
export function pluginData(config: any, type: string, name: string): any {
  const entries: any[] = config.plugins[type];
  const entry = entries.find(e => name in e);
  if (!entry) throw new Error(`no ${type} "${name}" plugin`);
  return entry[name].plugin_data;
}

/** All containers (init and regular) of a workload. */
export function containersOf(workload: any): any[] {
  const spec = workload.spec.template.spec;
  return [...(spec.initContainers ?? []), ...spec.containers];
}

export function container(workload: any, name: string): any {
  const found = containersOf(workload).find(c => c.name === name);
  if (!found) throw new Error(`no container ${name} in ${workload.kind}/${workload.metadata.name}`);
  return found;
}

export function volume(workload: any, name: string): any {
  const found = (workload.spec.template.spec.volumes ?? []).find((v: any) => v.name === name);
  if (!found) throw new Error(`no volume ${name} in ${workload.kind}/${workload.metadata.name}`);
  return found;
}

/** The mount of `volumeName` in a container. */
export function mountOf(c: any, volumeName: string): any {
  const found = (c.volumeMounts ?? []).find((m: any) => m.name === volumeName);
  if (!found) throw new Error(`container ${c.name} does not mount ${volumeName}`);
  return found;
}

/** The volume whose source is a hostPath `path`, in a workload. */
export function hostPathVolume(workload: any, path: string): any {
  const found = (workload.spec.template.spec.volumes ?? []).find((v: any) => v.hostPath?.path === path);
  if (!found) throw new Error(`no hostPath ${path} in ${workload.kind}/${workload.metadata.name}`);
  return found;
}

/** The value following `flag` in an argument list. */
export function flagValue(args: string[], flag: string): string {
  const index = args.indexOf(flag);
  if (index < 0 || index + 1 >= args.length) throw new Error(`no ${flag} in ${args.join(' ')}`);
  return args[index + 1];
}
