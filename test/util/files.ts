import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';

export function tempDir(prefix = 'cdk8s-spire-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The files of a synth output directory, sorted, each parsed into its objects. */
export function readManifests(dir: string): Map<string, any[]> {
  const result = new Map<string, any[]>();
  for (const file of fs.readdirSync(dir).sort()) {
    if (!file.endsWith('.yaml')) continue;
    const docs = parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'));
    result.set(file, docs.map(doc => doc.toJSON()).filter(obj => obj));
  }
  return result;
}

/** Every object `write` synthesizes into a fresh directory (removed afterwards), in file order. */
export function synthesizedObjects(write: (dir: string) => void): any[] {
  const dir = tempDir();
  try {
    write(dir);
    return [...readManifests(dir).values()].flat();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
