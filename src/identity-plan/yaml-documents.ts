import * as fs from 'fs';
import * as path from 'path';
import { loadGoYamlDocuments } from './go-yaml-schema';

/**
 * The non-empty documents of a YAML (or JSON) text, read as kubectl reads them: go-yaml v2's
 * YAML 1.1 types through sigs.k8s.io/yaml (go-yaml-schema.ts). kubectl skips empty and `null`
 * documents (cli-runtime's StreamVisitor); `{}` has no kind either.
 */
export function yamlDocuments(text: string): unknown[] {
  return loadGoYamlDocuments(text).filter((d) => d !== null && d !== undefined && !(typeof d === 'object' && Object.keys(d as object).length === 0));
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
