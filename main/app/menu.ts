// A minimal Chinese application menu: quit, the edit commands (so keyboard copy/paste
// works everywhere), reload and zoom. Developer tools only in unpackaged development runs.
import { app, Menu, type MenuItemConstructorOptions } from 'electron';

export function buildAppMenu(): Menu {
  const view: MenuItemConstructorOptions[] = [
    { role: 'reload', label: '重新加载' },
    { type: 'separator' },
    { role: 'resetZoom', label: '实际大小' },
    { role: 'zoomIn', label: '放大' },
    { role: 'zoomOut', label: '缩小' },
    { type: 'separator' },
    { role: 'togglefullscreen', label: '全屏' },
  ];
  if (!app.isPackaged) view.push({ type: 'separator' }, { role: 'toggleDevTools', label: '开发者工具' });

  return Menu.buildFromTemplate([
    { label: '文件', submenu: [{ role: 'quit', label: '退出' }] },
    {
      label: '编辑',
      submenu: [
        { role: 'undo', label: '撤销' },
        { role: 'redo', label: '重做' },
        { type: 'separator' },
        { role: 'cut', label: '剪切' },
        { role: 'copy', label: '复制' },
        { role: 'paste', label: '粘贴' },
        { role: 'selectAll', label: '全选' },
      ],
    },
    { label: '视图', submenu: view },
  ]);
}
