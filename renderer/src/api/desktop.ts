// The desktop app's preload bridge (electron/app/preload.ts), present only inside the app.
export interface DesktopBridge {
  chooseDataFolder(): Promise<string | null>;
  openDataFolder(): Promise<null>;
  openExternal(url: string): Promise<null>;
}

export function desktopBridge(): DesktopBridge | undefined {
  return (globalThis as { sparkExperiments?: DesktopBridge }).sparkExperiments;
}
