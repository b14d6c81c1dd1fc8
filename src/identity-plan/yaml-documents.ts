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

/**
 * The Kubernetes objects of one manifest text (YAML documents, or one JSON document when `name`
 * ends in `.json`). Documents without a `kind` (Helm values files and the like) are skipped.
 */
export function manifestObjects(text: string, name: string): unknown[] {
  let docs: unknown[];
  try {
    docs = name.endsWith('.json') ? [JSON.parse(text)] : yamlDocuments(text);
  } catch (e) {
    throw new Error(`${name}: not valid YAML: ${(e as Error).message}`);
  }
  return docs.filter((d) => typeof d === 'object' && d !== null && typeof (d as any).kind === 'string');
}

/** The manifest files of `target`: a directory's `*.yaml`, `*.yml`, `*.json` (not recursive, in name order), or the file itself. */
export function manifestFiles(target: string): string[] {
  return fs.statSync(target).isDirectory()
    ? fs.readdirSync(target).filter((f) => /\.(ya?ml|json)$/.test(f)).sort().map((f) => path.join(target, f))
    : [target];
}

/** The manifests in `directory` (`*.yaml`, `*.yml`, `*.json`, not recursive), in file name order. */
export function readManifestDirectory(directory: string): { objects: unknown[]; files: string[] } {
  const files = manifestFiles(directory);
  const objects: unknown[] = [];
  for (const file of files) objects.push(...manifestObjects(fs.readFileSync(file, 'utf8'), file));
  return { objects, files };
}
