// `edge-node import FILE` (录入员: import a CSV / Excel (.xlsx, .xls) / WPS (.et) / JSON /
// JSON Lines file by path — CSV and JSON streamed with no size limit, workbooks read whole
// within docs/intake.md's limits; no base64) and `edge-node intake watch` (运维员: list and set
// the watch folders). Same core, same role checks, same audit as the UI.
//
// Exit codes of `import`: 0 every data row imported (or the same file was imported
// before); 3 the file was imported but some rows were rejected or were duplicates (see the
// report); 2 the file was refused as a whole or stopped (missing columns, unreadable…);
// 1 refused (login, role, bad arguments).
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { ImportReport, WatchFolder } from '../../common/contract';
import { intakeHostAccess } from '../api/host-access';
import { reportText } from '../intake/report-files';
import type { Catalog } from '../../common/catalog/types';
import { ApiFailure } from '../../common/contract/api-failure';
import { openCliNode, withNode, type GlobalOptions } from './cli-node';
import { printJson, printTable } from './print';
import { CliError, secret } from './secrets';

export function addIntakeCommands(program: Command, globals: () => GlobalOptions): void {
  program
    .command('import <文件>')
    .description('导入 CSV / Excel（.xlsx、.xls）/ WPS 表格（.et）/ JSON / JSON Lines 文件（录入员）：逐行校验，合格的行登记入库，不合格的行在报告中说明')
    .requiredOption('--as <用户名>', '录入员用户名（密码从 $EDGE_NODE_PASSWORD 或提示输入读取）')
    .option('--resource <资源代码>', '目录资源代码（不指定时按表头自动识别）')
    .option('--sheet <工作表>', '工作表名称（Excel / WPS 工作簿；默认第一个工作表；每个工作表单独导入）')
    .option('--json', '以 JSON 输出导入报告')
    .action(async (file: string, o: { as: string; resource?: string; sheet?: string; json?: boolean }) => {
      const { node, close } = await openCliNode(globals());
      let token: string | null = null;
      try {
        const password = await secret('EDGE_NODE_PASSWORD', `用户 ${o.as} 的密码`);
        const login = await node.dispatch(null, 'auth.login', { username: o.as, password });
        if (!login.result.ok) throw new CliError(login.result.error.message);
        token = login.sessionToken ?? null;
        let lastShown = 0;
        const started = Date.now();
        let report: ImportReport;
        try {
          report = await intakeHostAccess(node).importFromPath(token, resolve(file), { resourceCode: o.resource, sheet: o.sheet }, (p) => {
            if (o.json || Date.now() - lastShown < 1000) return;
            lastShown = Date.now();
            const share = p.fractionDone === null ? '' : `（约 ${Math.round(p.fractionDone * 100)}%）`;
            process.stderr.write(`已处理 ${p.processedRows} 行${share}\n`);
          });
        } catch (error) {
          if (error instanceof ApiFailure) throw new CliError(error.message);
          throw error;
        }
        if (o.json) printJson(report);
        else {
          const catalog = await node.dispatch(token, 'catalog.get', {});
          process.stdout.write(reportText(report, catalog.result.ok ? (catalog.result.value as Catalog) : { version: '', resources: [] }));
          console.log(`用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒`);
        }
        process.exitCode = report.fileProblem ? 2 : report.rejected > 0 || report.duplicates > 0 ? 3 : 0;
      } finally {
        if (token) await node.dispatch(token, 'auth.logout', {});
        close();
      }
    });

  const intake = program.command('intake').description('数据导入：监视文件夹（运维员）');
  intake
    .command('watch')
    .description('列出或设置监视文件夹：放入其中的文件会被自动导入，处理后移到 processed/ 或 rejected/，并在旁边写出导入报告')
    .requiredOption('--as <用户名>', '运维员用户名')
    .option('--add <文件夹>', '添加一个监视文件夹（绝对路径；文件夹须已存在）')
    .option('--resource <资源代码>', '与 --add 一起：该文件夹只收这个资源的文件（不指定时按文件名开头的资源代码，如 203001-00001_名称.csv）')
    .option('--unit <单位>', '与 --add 一起：导入的数据属于哪个单位（科室），默认本节点单位')
    .option('--remove <文件夹>', '移除一个监视文件夹')
    .option('--json', '以 JSON 输出')
    .action(async (o: { as: string; add?: string; resource?: string; unit?: string; remove?: string; json?: boolean }) => {
      if (!o.add && (o.resource || o.unit)) throw new CliError('--resource 和 --unit 只能与 --add 一起使用');
      await withNode(globals(), async (node) => {
        await node.login(o.as);
        let folders: WatchFolder[] = (await node.call('intake.watchFolders', {})).folders;
        if (o.add || o.remove) {
          const removed = o.remove ? resolve(o.remove) : null;
          const next = folders.filter((f) => f.path !== removed && (!o.add || f.path !== resolve(o.add)));
          if (removed && next.length === folders.length) throw new CliError(`没有配置监视文件夹「${removed}」`);
          if (o.add) next.push({ path: resolve(o.add), resourceCode: o.resource ?? null, unit: o.unit ?? null });
          folders = (await node.call('intake.setWatchFolders', { folders: next })).folders;
        }
        if (o.json) return printJson(folders);
        if (folders.length === 0) return console.log('未配置监视文件夹');
        printTable(
          ['文件夹', '资源', '单位'],
          folders.map((f) => [f.path, f.resourceCode ?? '按文件名识别', f.unit ?? '本节点单位']),
        );
        console.log('监视由桌面程序或 edge-node serve 运行；请让对方系统先写入 文件名.part，写完后再改名为正式文件名。');
      });
    });
}
