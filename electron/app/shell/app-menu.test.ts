// The application menu mirrors the dashboard's rail: the template alone here; the shell's use
// of it (the window at the view's address) in desktop-shell.test.ts.
import { describe, expect, it } from 'vitest';
import { VIEWS, type ViewId } from '../../../shared/views.ts';
import { appMenuTemplate } from './app-menu.ts';

function viewMenu(platform: NodeJS.Platform, opened: ViewId[] = [], devTools = false) {
  const template = appMenuTemplate({ platform, devTools, openView: (v) => opened.push(v) });
  const view = template.find((m) => m.label === 'View');
  if (!view || !Array.isArray(view.submenu)) throw new Error('no View menu');
  return { template, items: view.submenu };
}

describe('the application menu', () => {
  it("lists the rail's views in the rail's order, with the page's shortcuts (Alt+n)", () => {
    const { items } = viewMenu('linux');
    const views = items.filter((i) => i.id?.startsWith('view-'));
    expect(views.map((i) => i.label)).toEqual(VIEWS.map((v) => v.label));
    expect(views.map((i) => i.accelerator)).toEqual(VIEWS.map((_, i) => `Alt+${i + 1}`));
  });

  it('uses Cmd+n on a Mac, and has the app menu there only', () => {
    const mac = viewMenu('darwin');
    expect(mac.items.find((i) => i.label === 'Spark')?.accelerator).toBe('Cmd+3');
    expect(mac.template[0]?.role).toBe('appMenu');
    expect(viewMenu('win32').template.some((m) => m.role === 'appMenu')).toBe(false);
  });

  it('opens the chosen view', () => {
    const opened: ViewId[] = [];
    const { items } = viewMenu('linux', opened);
    const click = (label: string) => {
      const item = items.find((i) => i.label === label);
      if (typeof item?.click !== 'function') throw new Error(`no item ${label}`);
      (item.click as () => void)();
    };
    click('Pipeline');
    click('Projector');
    expect(opened).toEqual(['pipeline', 'projector']);
  });

  it('keeps editing, zoom and full screen, and offers developer tools only when asked', () => {
    const { template, items } = viewMenu('linux');
    expect(template.map((m) => m.role ?? m.label)).toEqual([
      'fileMenu',
      'editMenu',
      'View',
      'windowMenu',
    ]);
    const roles = items.flatMap((i) => (i.role ? [i.role] : []));
    expect(roles).toEqual(['reload', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
    expect(viewMenu('linux', [], true).items.some((i) => i.role === 'toggleDevTools')).toBe(true);
  });
});
