// First step of `npm start`: make sure the Electron binary is there, or say in Chinese what
// to do. Electron 45 has no install script: `npm ci` installs only the npm package, and the
// binary (about 100 MB) is fetched the first time Electron is started. Behind the
// e-government extranet that fetch fails, and Electron's own launcher then prints a
// JavaScript stack trace; township IT needs the three ways out instead.
//
// Exit 0: the binary is present (or was just fetched). Exit 1: it is missing, guidance printed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
const packageDir = path.dirname(require.resolve('electron/package.json'));
const { version } = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
const DEFAULT_MIRROR = 'https://github.com/electron/electron/releases/download/';

if (binaryPresent()) process.exit(0);

console.log(`首次启动：正在下载桌面程序运行环境 Electron ${version}（约 100 MB），请稍候……`);
// Electron's own installer, so the download, checksum check and unpacking stay exactly
// Electron's; its stack trace on failure is kept out of sight and reduced to one line.
const install = spawnSync(process.execPath, [path.join(packageDir, 'install.js')], { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
if (install.status === 0 && binaryPresent()) {
  console.log('Electron 已下载。');
  process.exit(0);
}
printGuidance(firstLine(install.stderr) || `下载程序退出码 ${install.status}`);
process.exit(1);

/** The same test as Electron's index.js (path.txt names the executable under dist/), without its download. */
function binaryPresent() {
  const pathFile = path.join(packageDir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) return existsSync(path.join(override, executable || 'electron'));
  return executable !== '' && existsSync(path.join(packageDir, 'dist', executable));
}

/** The downloader's one-line error, with a Chinese reading of the common network cases. */
function explain(reason) {
  if (/fetch failed|ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|certificate/i.test(reason)) return `连不上下载地址（网络不通、被拦截或需要代理）—— ${reason}`;
  if (/\b404\b/.test(reason)) return `下载地址上没有这个文件 —— ${reason}`;
  return reason;
}

function firstLine(text) {
  return (text ?? '').split('\n').map((l) => l.trim()).find((l) => l !== '') ?? '';
}

function printGuidance(reason) {
  const platform = process.platform;
  const arch = process.arch;
  const zip = `electron-v${version}-${platform}-${arch}.zip`;
  const mirror = process.env.ELECTRON_MIRROR || process.env.npm_config_electron_mirror || DEFAULT_MIRROR;
  const url = `${mirror}v${version}/${zip}`;
  const withMirror = platform === 'win32'
    ? `set "ELECTRON_MIRROR=https://<内网镜像地址>/electron/" && npm start      （PowerShell：$env:ELECTRON_MIRROR="https://<内网镜像地址>/electron/"; npm start）`
    : 'ELECTRON_MIRROR=https://<内网镜像地址>/electron/ npm start';
  const lines = [
    '',
    `桌面程序没有启动：Electron ${version} 的程序文件还没有下载到本机，刚才的下载也没有成功。`,
    `  原因：${explain(reason)}`,
    `  需要的文件：${url}`,
    ...(nodeTooOld() ? [`  另外：Electron ${version} 的下载和打包工具需要 Node.js 22.12 或更高版本，本机是 ${process.version}。`] : []),
    '',
    '任选一种办法：',
    `  1. 从内网镜像下载（镜像上要有 v${version}/${zip}，目录结构与 GitHub 发布页相同）：`,
    `       ${withMirror}`,
    `  2. 从能上网的电脑拷来 ${zip}，放进下面这个缓存文件夹（没有就新建），再运行 npm start：`,
    `       ${cacheFolder(url)}`,
    '     （文件会按 Electron 自带的校验值核对，拷错版本会被拒绝。）',
    '  3. 不用桌面程序，在本机浏览器里使用同样的界面：',
    '       npm run build:renderer && npm run cli -- serve',
    '     然后打开 http://127.0.0.1:8717 。',
    '',
    '详见 README.md 的 “Electron where the internet is not reachable” 一节。',
  ];
  console.error(lines.join('\n'));
}

/**
 * Where Electron's downloader (@electron/get) looks before downloading: the cache root, then
 * a folder named by the SHA-256 of the download address without the file name.
 */
function cacheFolder(url) {
  const parsed = new URL(url);
  parsed.pathname = path.posix.dirname(parsed.pathname);
  const hash = createHash('sha256').update(parsed.toString()).digest('hex');
  return path.join(cacheRoot(), hash);
}

/** @electron/get's default cache root (env-paths 'electron'), or electron_config_cache. */
function cacheRoot() {
  if (process.env.electron_config_cache) return process.env.electron_config_cache;
  const home = homedir();
  if (process.platform === 'win32') return path.join(process.env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'), 'electron', 'Cache');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Caches', 'electron');
  return path.join(process.env.XDG_CACHE_HOME || path.join(home, '.cache'), 'electron');
}

function nodeTooOld() {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  return major < 22 || (major === 22 && minor < 12);
}
