// Node.js against what the project needs (package.json `engines`; node-check.test.ts keeps the
// two in step).
import type { DoctorCheck } from '../../../shared/api.ts';
import type { DoctorProbe } from './run-checks.ts';

export const NODE_MIN: readonly [number, number] = [22, 13];

export function nodeCheck(version: string = process.versions.node): DoctorCheck {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const ok = major > NODE_MIN[0] || (major === NODE_MIN[0] && minor >= NODE_MIN[1]);
  const needs = `${NODE_MIN.join('.')} or newer`;
  return ok
    ? { id: 'node', title: 'Node.js', status: 'ok', summary: `Node ${version} (needs ${needs})` }
    : {
        id: 'node',
        title: 'Node.js',
        status: 'problem',
        summary: `Node ${version} is too old (needs ${needs})`,
        fix: 'install Node 22 LTS from https://nodejs.org, then run npm install again',
      };
}

export const nodeProbe: DoctorProbe = {
  id: 'node',
  title: 'Node.js',
  run: async () => nodeCheck(),
};
