// The desktop app's bridge to the OS, declared once: electron/app/preload.ts exposes an object
// that satisfies it and the renderer reads it, so the two sides cannot drift apart. Pure types.

/** One function per operation (never ipcRenderer itself); errors arrive as real `Error`s. */
export interface DesktopBridge {
  chooseDataFolder(): Promise<string | null>;
  openDataFolder(): Promise<null>;
  openExternal(url: string): Promise<null>;
  /** Shows an exercise's starter notebook in the file manager (after Prepare data). */
  revealExerciseNotebook(id: string): Promise<null>;
  /**
   * Opens an exercise's notebook in the stack's JupyterLab with the system browser (the main
   * process asks POST /api/exercises/{id}/notebook itself, so no address crosses the bridge).
   */
  openExerciseNotebook(id: string): Promise<null>;
}

/** The global the preload exposes the bridge as; absent in a plain browser. */
export type DesktopBridgeName = 'sparkExperiments';
