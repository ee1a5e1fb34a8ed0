// The application menu in Azerbaijani or English. Edit and window entries use Electron's roles (so
// the system's shortcuts work); what they are called comes from locales/*/menu.json.
import type { TFunction } from 'i18next';
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  openFile(): void;
  about(): void;
}

export interface MenuContext {
  platform: NodeJS.Platform;
  /** Reload and developer tools only in a developer's (unpacked) build. */
  developer: boolean;
}

export function menuTemplate(t: TFunction, context: MenuContext, actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = context.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: 'Yoxla',
      submenu: [
        { label: t('menu.app.about'), click: () => actions.about() },
        { type: 'separator' },
        { role: 'hide', label: t('menu.app.hide') },
        { role: 'hideOthers', label: t('menu.app.hideOthers') },
        { role: 'unhide', label: t('menu.app.showAll') },
        { type: 'separator' },
        { role: 'quit', label: t('menu.app.quit') },
      ],
    });
  }
  template.push({
    label: t('menu.file.label'),
    submenu: [
      { label: t('menu.file.open'), accelerator: 'CmdOrCtrl+O', click: () => actions.openFile() },
      ...(mac ? [] : [{ type: 'separator' } as const, { role: 'quit', label: t('menu.file.quit') } as const]),
    ],
  });
  template.push({
    label: t('menu.edit.label'),
    submenu: [
      { role: 'undo', label: t('menu.edit.undo') },
      { role: 'redo', label: t('menu.edit.redo') },
      { type: 'separator' },
      { role: 'cut', label: t('menu.edit.cut') },
      { role: 'copy', label: t('menu.edit.copy') },
      { role: 'paste', label: t('menu.edit.paste') },
      { role: 'selectAll', label: t('menu.edit.selectAll') },
    ],
  });
  template.push({
    label: t('menu.view.label'),
    submenu: [
      ...(context.developer
        ? [{ role: 'reload', label: t('menu.view.reload') } as const, { role: 'toggleDevTools', label: t('menu.view.devTools') } as const, { type: 'separator' } as const]
        : []),
      { role: 'resetZoom', label: t('menu.view.actualSize') },
      { role: 'zoomIn', label: t('menu.view.zoomIn') },
      { role: 'zoomOut', label: t('menu.view.zoomOut') },
      { type: 'separator' },
      { role: 'togglefullscreen', label: t('menu.view.fullScreen') },
    ],
  });
  template.push({
    label: t('menu.window.label'),
    submenu: [
      { role: 'minimize', label: t('menu.window.minimize') },
      { role: 'close', label: t('menu.window.close') },
    ],
  });
  if (!mac) template.push({ label: t('menu.help.label'), submenu: [{ label: t('menu.help.about'), click: () => actions.about() }] });
  return template;
}
