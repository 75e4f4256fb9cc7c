// @ts-check
// The oldest Node.js the project runs on (package.json `engines`, README: Get going): the
// Node 22 line, which Electron 45 itself runs, so the service is tested on its runtime; 22.13
// for node:sqlite without a flag (the data-folder lock).
export const NODE_MIN = /** @type {const} */ ([22, 13]);

/**
 * The one line `npm start` and `npm run serve` print on an older Node, or undefined.
 * @param {string} version like process.versions.node
 * @returns {string | undefined}
 */
export function nodeTooOld(version) {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major > NODE_MIN[0] || (major === NODE_MIN[0] && minor >= NODE_MIN[1])) return undefined;
  return `Spark Experiments needs Node.js ${NODE_MIN.join('.')} or newer (the Node 22 line Electron runs); this is Node ${version}. Install Node 22 LTS from https://nodejs.org, then run npm install again.`;
}
