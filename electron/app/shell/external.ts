// Opens one of the allowed destinations (security.ts externalTargets) by its address in that
// table, never by the text of a link: a page can name a target, not a URL.

import type { SparkPorts } from '../../../shared/spark-ports.ts';
import { type ExternalTarget, externalTargets } from '../security.ts';
import type { ElectronApi } from './electron-api.ts';

export function openExternalTarget(
  shell: ElectronApi['shell'],
  target: ExternalTarget,
  ports?: SparkPorts,
): Promise<void> {
  return shell.openExternal(externalTargets(ports)[target]);
}
