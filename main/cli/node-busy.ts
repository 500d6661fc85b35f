// The CLI shares the node's data folder with the desktop app and with `edge-node serve`, and
// only one program may open it at a time (platform/single-writer-lock.ts). When the lock
// refuses, county IT must learn who holds it and what to do instead of "busy".
import type { NodeBusyError } from '../../platform/single-writer-lock';

/** The port `edge-node serve` listens on unless told otherwise. */
export const SERVE_PORT = 8717;
const SERVE_URL = `http://127.0.0.1:${SERVE_PORT}`;

/** The one line of `--help` that says so. */
export const SHARED_FOLDER_LINE = `与桌面程序、edge-node serve 共用数据目录（--data-dir）：它们运行时其他命令会被拒绝，请在其界面（serve 默认 ${SERVE_URL}）中操作，或先停止它们。`;

/** What to tell the person at the terminal, by who holds the node. */
export function busyMessage(error: NodeBusyError): string {
  const pid = error.pid;
  switch (error.holder?.program) {
    case 'app':
      return `本节点的数据正被桌面程序使用（进程号 ${pid}）。同一时间只能有一个程序打开节点数据：请在桌面程序的窗口中操作，或先退出桌面程序再运行本命令。`;
    case 'serve':
      // The address only: the link with serve's access token is printed in serve's own terminal, and stays there.
      return `本节点的数据正被 edge-node serve 使用（进程号 ${pid}）。请在它的网页界面 ${error.holder.url} 中操作（带访问令牌的完整链接见运行 serve 的终端；远程时经 SSH 隧道访问），或先停止它（在其终端按 Ctrl+C，或结束进程 ${pid}）再运行本命令。`;
    case 'command':
      return `本节点的数据正被另一个命令（edge-node ${error.holder.command}）使用（进程号 ${pid}）。请等它结束后再试。`;
    default:
      return `本节点的数据正被另一个程序使用（进程号 ${pid}），可能是桌面程序或 edge-node serve。请在已打开的界面（serve 的网页界面默认 ${SERVE_URL}）中操作，或先关闭它再运行本命令。`;
  }
}
