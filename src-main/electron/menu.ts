import { Menu, type MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  newWorkspace(): void;
  openWorkspace(): void;
  openDemo(): void;
}

/** Native menus with the standard roles (copy/paste, zoom, full screen) and the app's own commands. */
export function buildMenu(actions: MenuActions): Menu {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'New Workspace…', accelerator: 'CmdOrCtrl+N', click: actions.newWorkspace },
        { label: 'Open Workspace…', accelerator: 'CmdOrCtrl+O', click: actions.openWorkspace },
        { label: 'Open Demo Campaign', click: actions.openDemo },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}
