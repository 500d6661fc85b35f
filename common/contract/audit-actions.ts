// Every action the audit log records, with its kind and its name in both languages. The
// core types AuditEvent.action with AuditAction, so an entry appended anywhere under an
// action missing here does not compile; the core's sentences (main/audit/describe.ts) are a
// Record over the same union, so an action without a sentence does not compile either. The
// renderer builds its action filter from this list.
import { z } from 'zod';

/** The kinds the auditor filters by (操作类别), in the order the filter lists them. */
export const AUDIT_KINDS = ['account', 'record', 'access', 'intake', 'sync', 'cert', 'backup', 'node', 'audit'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

export const AUDIT_KIND_LABELS: Record<AuditKind, { zh: string; en: string }> = {
  account: { zh: '登录与账户', en: 'Sign-in and accounts' },
  record: { zh: '数据登记', en: 'Records' },
  // Reads of personal data and every file that leaves the node (MLPS level 3, PIPL): one
  // filter shows who looked at whose data and who took what away.
  access: { zh: '查阅与导出', en: 'Viewing and exports' },
  intake: { zh: '批量导入', en: 'Imports' },
  sync: { zh: '数据上报', en: 'Sync' },
  cert: { zh: '证书', en: 'Certificates' },
  backup: { zh: '备份与恢复', en: 'Backup and restore' },
  node: { zh: '节点设置', en: 'Node settings' },
  audit: { zh: '审计与安全', en: 'Audit and security' },
};

interface ActionInfo {
  kind: AuditKind;
  zh: string;
  en: string;
}

/** Declared as an object so that each action's kind and names sit on its own line. */
const ACTIONS = {
  'auth.login': { kind: 'account', zh: '登录', en: 'Sign in' },
  'auth.logout': { kind: 'account', zh: '退出登录', en: 'Sign out' },
  'auth.changePassword': { kind: 'account', zh: '修改密码', en: 'Change password' },
  'user.create': { kind: 'account', zh: '新建账户', en: 'Create account' },
  'user.unlock': { kind: 'account', zh: '解锁账户', en: 'Unlock account' },
  'user.enable': { kind: 'account', zh: '启用账户', en: 'Enable account' },
  'user.disable': { kind: 'account', zh: '停用账户', en: 'Disable account' },
  'user.resetPassword': { kind: 'account', zh: '重置密码', en: 'Reset password' },
  'user.auditorConfirm': { kind: 'account', zh: '审计员确认账户变更', en: 'Auditor confirms an account change' },
  'record.create': { kind: 'record', zh: '登记记录', en: 'Register record' },
  'record.correct': { kind: 'record', zh: '更正记录', en: 'Correct record' },
  'record.withdraw': { kind: 'record', zh: '撤回记录', en: 'Withdraw record' },
  'record.read': { kind: 'access', zh: '查看记录详情', en: 'Open a record' },
  'record.find': { kind: 'access', zh: '按证件号查找记录', en: 'Find records by ID number' },
  'record.list': { kind: 'access', zh: '浏览记录列表', en: 'Browse the record list' },
  'intake.report': { kind: 'access', zh: '取得导入报告', en: 'Receive an import report' },
  'status.reportExport': { kind: 'access', zh: '导出季度报告', en: 'Export the quarterly report' },
  'status.diagnostics': { kind: 'access', zh: '导出诊断包', en: 'Export diagnostics' },
  'intake.import': { kind: 'intake', zh: '导入文件', en: 'Import file' },
  'intake.setWatchFolders': { kind: 'intake', zh: '修改监视文件夹', en: 'Change watch folders' },
  'sync.settings': { kind: 'sync', zh: '修改同步设置', en: 'Change sync settings' },
  'sync.now': { kind: 'sync', zh: '立即同步', en: 'Sync now' },
  'sync.pause': { kind: 'sync', zh: '暂停同步', en: 'Pause sync' },
  'sync.resume': { kind: 'sync', zh: '继续同步', en: 'Resume sync' },
  'sync.requeue': { kind: 'sync', zh: '重新上报被拒收的数据', en: 'Resend rejected data' },
  'sync.reconcile': { kind: 'sync', zh: '恢复后与交换平台对账', en: 'Reconcile with the exchange after a restore' },
  'catalog.update': { kind: 'sync', zh: '更新资源目录', en: 'Update resource catalog' },
  'cert.csr': { kind: 'cert', zh: '生成证书申请', en: 'Create certificate request' },
  'cert.import': { kind: 'cert', zh: '导入节点证书', en: 'Import node certificate' },
  'cert.root': { kind: 'cert', zh: '设置根证书', en: 'Set root certificate' },
  'backup.create': { kind: 'backup', zh: '备份', en: 'Back up' },
  'backup.verify': { kind: 'backup', zh: '恢复演练', en: 'Restore drill' },
  'backup.upload': { kind: 'backup', zh: '上传容灾备份中心', en: 'Upload to the DR centre' },
  'backup.settings': { kind: 'backup', zh: '修改备份设置', en: 'Change backup settings' },
  'backup.retention': { kind: 'backup', zh: '清理旧备份', en: 'Delete old backups' },
  'backup.restore': { kind: 'backup', zh: '从备份恢复', en: 'Restore from backup' },
  'node.setup': { kind: 'node', zh: '首次设置', en: 'First-time setup' },
  'node.unlock': { kind: 'node', zh: '用恢复口令解锁', en: 'Unlock with the recovery passphrase' },
  'node.start': { kind: 'node', zh: '启动节点核心', en: 'Start the node core' },
  'node.stop': { kind: 'node', zh: '关闭节点核心', en: 'Stop the node core' },
  'status.thresholds': { kind: 'node', zh: '修改提醒阈值', en: 'Change alert thresholds' },
  'status.providedResources': { kind: 'node', zh: '设置本单位提供的资源', en: 'Set the resources this unit provides' },
  'audit.verify': { kind: 'audit', zh: '校验审计日志', en: 'Verify the audit log' },
  'audit.view': { kind: 'audit', zh: '查看审计日志', en: 'View the audit log' },
  'audit.export': { kind: 'audit', zh: '导出审计日志', en: 'Export the audit log' },
  'audit.gap': { kind: 'audit', zh: '审计记录缺口（恢复到较早的备份）', en: 'Audit gap (restored an older backup)' },
  'api.forbidden': { kind: 'audit', zh: '越权操作被拒绝', en: 'Access refused' },
} as const satisfies Record<string, ActionInfo>;

export type AuditAction = keyof typeof ACTIONS;
export const AUDIT_ACTIONS = Object.keys(ACTIONS) as AuditAction[];
export const AUDIT_ACTION_INFO: Record<AuditAction, ActionInfo> = ACTIONS;

export const auditActionSchema = z.enum(AUDIT_ACTIONS as [AuditAction, ...AuditAction[]]);
export const auditKindSchema = z.enum(AUDIT_KINDS);

export function isAuditAction(action: string): action is AuditAction {
  return Object.prototype.hasOwnProperty.call(ACTIONS, action);
}

/** The actions of one kind, in the order above. */
export function actionsOfKind(kind: AuditKind): AuditAction[] {
  return AUDIT_ACTIONS.filter((a) => ACTIONS[a].kind === kind);
}
