import { nodeDirectoryInit } from './node-directory-init';
import type { IContainer } from '../common/kubernetes';

/**
 * With the disk KeyManager the agent's data directory is a node directory;
 * this init container closes it to other users (it holds the agent's private
 * key) and hands it, with its contents, to the agent.
 */
export function dataDirectoryInit(volumeName: string, directory: string, image: string): IContainer {
  return nodeDirectoryInit({ name: 'prepare-data-dir', volumeName, directory, mode: '0700', recursive: true, image });
}
