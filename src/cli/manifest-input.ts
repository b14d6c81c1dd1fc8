// The inputs of `plan` and `diff`: directories, files, or `-` for standard input, read into
// Kubernetes objects with the file each came from.

import * as fs from 'fs';
import { manifestFiles, manifestObjects } from '../identity-plan/yaml-documents';

/** The objects read from some inputs. */
export interface ManifestInput {
  readonly objects: unknown[];
  /** The files read (`-` for standard input). */
  readonly files: string[];
  /** The file of each object, by index. */
  readonly objectSources: string[];
}

/** The name standard input goes by. */
export const STDIN = '-';

/**
 * Reads every target: a directory (its `*.yaml`, `*.yml`, `*.json`, not recursive), a file,
 * or `-` (standard input, through `readStdin`). Throws with the file name when one is
 * unreadable or not YAML.
 */
export function readManifestInputs(targets: readonly string[], readStdin: () => string): ManifestInput {
  const objects: unknown[] = [];
  const files: string[] = [];
  const objectSources: string[] = [];
  for (const target of targets) {
    const list = target === STDIN ? [STDIN] : manifestFiles(target);
    for (const file of list) {
      const text = file === STDIN ? readStdin() : fs.readFileSync(file, 'utf8');
      const found = manifestObjects(text, file === STDIN ? 'standard input' : file);
      files.push(file);
      objects.push(...found);
      for (let i = 0; i < found.length; i++) objectSources.push(file);
    }
  }
  return { objects, files, objectSources };
}

/** Standard input, read once. */
export function readProcessStdin(): string {
  return fs.readFileSync(0, 'utf8');
}
