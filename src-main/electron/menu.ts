import { app, Menu } from 'electron';
import { menuTemplate, type MenuActions } from './guards';

export type { MenuActions };

/** Native menus: the template is menuTemplate (no developer tools in a packaged app). */
export function buildMenu(actions: MenuActions): Menu {
  return Menu.buildFromTemplate(menuTemplate(actions, { isMac: process.platform === 'darwin', isPackaged: app.isPackaged }));
}
