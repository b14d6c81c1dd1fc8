import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Yaml } from 'cdk8s';

type ParseAll = (text: string) => unknown[];
let parser: ParseAll | undefined;

/**
 * cdk8s's own YAML parser (the `yaml` package it bundles, with the YAML 1.1 schema it uses), so
 * reading manifests adds no dependency. Falls back to `Yaml.load` through a temporary file.
 */
function parseAll(): ParseAll {
  if (parser) return parser;
  try {
    const cdk8sDir = path.dirname(require.resolve('cdk8s/package.json'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const yaml = require(require.resolve('yaml', { paths: [cdk8sDir] }));
    parser = (text) => yaml.parseAllDocuments(text, { version: '1.1' }).map((d: any) => {
      if (d.errors?.length > 0) throw new Error(d.errors[0].message);
      return d.toJSON();
    });
  } catch {
    parser = (text) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-spire-'));
      const file = path.join(dir, 'doc.yaml');
      fs.writeFileSync(file, text);
      try {
        return Yaml.load(file);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    };
  }
  return parser;
}

/** The non-empty documents of a YAML (or JSON) text. */
export function yamlDocuments(text: string): unknown[] {
  return parseAll()(text).filter((d) => d !== null && d !== undefined && !(typeof d === 'object' && Object.keys(d as object).length === 0));
}

/** One YAML document (JSON first: our own configs are JSON). */
export function parseConfigText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return yamlDocuments(text)[0];
  }
}

/** The manifests in `directory` (`*.yaml`, `*.yml`, `*.json`, not recursive), in file name order. */
export function readManifestDirectory(directory: string): { objects: unknown[]; files: string[] } {
  const stat = fs.statSync(directory);
  const files = stat.isDirectory()
    ? fs.readdirSync(directory).filter((f) => /\.(ya?ml|json)$/.test(f)).sort().map((f) => path.join(directory, f))
    : [directory];
  const objects: unknown[] = [];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    let docs: unknown[];
    try {
      docs = file.endsWith('.json') ? [JSON.parse(text)] : yamlDocuments(text);
    } catch (e) {
      throw new Error(`${file}: not valid YAML: ${(e as Error).message}`);
    }
    // Keep Kubernetes objects only: Helm values files and the like have no kind.
    objects.push(...docs.filter((d) => typeof d === 'object' && d !== null && typeof (d as any).kind === 'string'));
  }
  return { objects, files };
}
