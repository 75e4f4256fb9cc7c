// Types of node-version.mjs, which stays plain JavaScript so it runs on any Node.
export declare const NODE_MIN: readonly [22, 12];
export declare function nodeTooOld(version: string): string | undefined;
