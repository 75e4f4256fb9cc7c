// The application menu. Its View menu mirrors the dashboard's navigation rail (the same list,
// shared/views.ts, in the same order, with the same numbers): choosing a view navigates the
// window to that view's address (`/#/spark`), as a link in the page would. No IPC: the page
// follows its own address. The rest is Electron's standard menus (editing, for the Copy
// buttons and the inputs; zoom and full screen, for a projector).
import type { MenuItemConstructorOptions } from 'electron';
import { VIEWS, type ViewId } from '../../../shared/views.ts';
import type { ElectronApi } from './electron-api.ts';

export interface AppMenuOptions {
  platform: NodeJS.Platform;
  /** Shows the window at a view's address. */
  openView(view: ViewId): void;
  /** Developer tools in the View menu (development builds only). */
  devTools: boolean;
}

/** Cmd+1 … on a Mac, as its apps do; Alt+1 … elsewhere, the page's own shortcuts. */
export function viewAccelerator(platform: NodeJS.Platform, place: number): string {
  return `${platform === 'darwin' ? 'Cmd' : 'Alt'}+${place}`;
}

export function appMenuTemplate(o: AppMenuOptions): MenuItemConstructorOptions[] {
  const views: MenuItemConstructorOptions[] = VIEWS.map((view, i) => ({
    id: `view-${view.id}`,
    label: view.label,
    accelerator: viewAccelerator(o.platform, i + 1),
    click: () => o.openView(view.id),
  }));
  return [
    ...(o.platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        ...views,
        { type: 'separator' },
        { role: 'reload' },
        ...(o.devTools ? [{ role: 'toggleDevTools' } as const] : []),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
}

export function installAppMenu(electron: Pick<ElectronApi, 'Menu'>, o: AppMenuOptions): void {
  electron.Menu.setApplicationMenu(electron.Menu.buildFromTemplate(appMenuTemplate(o)));
}
