// The desktop app's bridge, present only inside the app: in a plain browser the UI hides what
// needs it.
import type { DesktopBridge, DesktopBridgeName } from '../../../shared/desktop-bridge.ts';

export function desktopBridge(): DesktopBridge | undefined {
  return (globalThis as { [name in DesktopBridgeName]?: DesktopBridge }).sparkExperiments;
}
