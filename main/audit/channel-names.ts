// What each API channel is called where a person reads it: an entry "越权操作被拒绝" names the
// function the role may not use, never its channel code. Typed over every channel, so a new
// channel without a name does not compile.
import type { Bilingual, ChannelName } from '../../common/contract';

const CHANNELS: Record<ChannelName, Bilingual> = {
  'setup.status': { zh: '查看设置状态', en: 'Setup status' },
  'setup.unlock': { zh: '解锁节点', en: 'Unlock the node' },
  'setup.initialize': { zh: '首次设置', en: 'First-time setup' },
  'setup.uploadBackupChunk': { zh: '上传备份文件', en: 'Upload a backup file' },
  'setup.inspectBackup': { zh: '查看备份文件', en: 'Inspect a backup file' },
  'setup.restoreBackup': { zh: '在新机器上从备份恢复', en: 'Restore from backup on a new machine' },
  'setup.restoreJob': { zh: '查看恢复进度', en: 'Restore progress' },
  'auth.login': { zh: '登录', en: 'Sign in' },
  'auth.logout': { zh: '退出登录', en: 'Sign out' },
  'auth.me': { zh: '查看当前用户', en: 'Current user' },
  'auth.changePassword': { zh: '修改密码', en: 'Change password' },
  'users.list': { zh: '查看账户列表', en: 'List accounts' },
  'users.create': { zh: '新建账户', en: 'Create account' },
  'users.unlock': { zh: '解锁账户', en: 'Unlock account' },
  'users.setDisabled': { zh: '停用或启用账户', en: 'Disable or enable account' },
  'users.resetPassword': { zh: '重置密码', en: 'Reset password' },
  'catalog.get': { zh: '查看资源目录', en: 'Resource catalog' },
  'records.create': { zh: '登记记录', en: 'Register record' },
  'records.list': { zh: '查看记录列表', en: 'List records' },
  'records.findByKey': { zh: '按证件号查找记录', en: 'Find records by ID number' },
  'records.get': { zh: '查看记录详情', en: 'Open a record' },
  'records.correct': { zh: '更正记录', en: 'Correct record' },
  'records.withdraw': { zh: '撤回记录', en: 'Withdraw record' },
  'audit.list': { zh: '查看审计日志', en: 'Read the audit log' },
  'audit.people': { zh: '查看审计日志的人员名单', en: 'People in the audit log' },
  'audit.export': { zh: '导出审计日志', en: 'Export the audit log' },
  'audit.verify': { zh: '校验审计日志', en: 'Verify the audit log' },
  'status.get': { zh: '查看节点信息', en: 'Node information' },
  'status.dashboard': { zh: '查看节点状态', en: 'Node status' },
  'status.setThresholds': { zh: '修改提醒阈值', en: 'Change alert thresholds' },
  'status.setProvidedResources': { zh: '设置本单位提供的资源', en: 'Set the resources this unit provides' },
  'status.quarterlyReport': { zh: '查看季度报告', en: 'Quarterly report' },
  'status.quarterlyReportXlsx': { zh: '导出季度报告', en: 'Export the quarterly report' },
  'status.diagnostics': { zh: '导出诊断包', en: 'Export diagnostics' },
  'cert.status': { zh: '查看证书', en: 'Certificates' },
  'cert.createCsr': { zh: '生成证书申请', en: 'Create certificate request' },
  'cert.import': { zh: '导入节点证书', en: 'Import node certificate' },
  'cert.setRoot': { zh: '设置根证书', en: 'Set root certificate' },
  'sync.getSettings': { zh: '查看同步设置', en: 'Sync settings' },
  'sync.setSettings': { zh: '修改同步设置', en: 'Change sync settings' },
  'sync.status': { zh: '查看同步状态', en: 'Sync status' },
  'sync.now': { zh: '立即同步', en: 'Sync now' },
  'sync.pause': { zh: '暂停同步', en: 'Pause sync' },
  'sync.resume': { zh: '继续同步', en: 'Resume sync' },
  'sync.rejected': { zh: '查看被拒收的数据', en: 'Rejected data' },
  'sync.requeue': { zh: '重新上报被拒收的数据', en: 'Resend rejected data' },
  'intake.preview': { zh: '预览导入文件', en: 'Preview an import file' },
  'intake.start': { zh: '导入文件', en: 'Import file' },
  'intake.job': { zh: '查看导入进度', en: 'Import progress' },
  'intake.watchFolders': { zh: '查看监视文件夹', en: 'Watch folders' },
  'intake.setWatchFolders': { zh: '修改监视文件夹', en: 'Change watch folders' },
  'intake.watchStatus': { zh: '查看监视文件夹状态', en: 'Watch folder status' },
  'backup.status': { zh: '查看备份状态', en: 'Backup status' },
  'backup.getSettings': { zh: '查看备份设置', en: 'Backup settings' },
  'backup.setSettings': { zh: '修改备份设置', en: 'Change backup settings' },
  'backup.list': { zh: '查看备份列表', en: 'List backups' },
  'backup.create': { zh: '立即备份', en: 'Back up now' },
  'backup.job': { zh: '查看备份任务进度', en: 'Backup job progress' },
  'backup.inspect': { zh: '查看备份文件', en: 'Inspect a backup file' },
  'backup.verify': { zh: '恢复演练', en: 'Restore drill' },
  'backup.restore': { zh: '从备份恢复', en: 'Restore from backup' },
  'backup.upload': { zh: '上传容灾备份中心', en: 'Upload to the DR centre' },
};

/** Doors into the core that are not channels (main/api/host-access.ts). */
const HOST_DOORS: Record<string, Bilingual> = {
  'intake.importPath': { zh: '从本机文件夹导入文件', en: 'Import a file from a local folder' },
};

/** The name of a channel (or host door); one that is unknown is "一项功能", not its code. */
export function channelName(name: string): Bilingual {
  if (Object.prototype.hasOwnProperty.call(CHANNELS, name)) return CHANNELS[name as ChannelName];
  return HOST_DOORS[name] ?? { zh: '一项功能', en: 'a function' };
}
