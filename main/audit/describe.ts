// Each audit entry as a sentence a township auditor reads without a manual: "李录入 更正了
// 贫困户信息 1 条", in Chinese and in English. The people are named by their display names,
// resources by their catalog names, failures by what went wrong; codes and JSON stay out.
//
// The sentences use only what the entry holds (identifiers, counts, outcomes) and names
// looked up from them — never a record's contents. A correction's or withdrawal's reason is
// not in the log (it may describe a person), so it is not in the sentence either.
//
// A failed login is an attempt by someone not signed in: the text typed as the user name is
// never shown as the actor, and is not shown at all when no such account exists (it may be a
// password typed into the wrong box).
import { AUDIT_ACTION_INFO, AUDIT_KIND_LABELS, ROLE_LABELS, ROLES, isAuditAction, type AuditAction, type Bilingual, type Role } from '../../common/contract';
import { chinaDate, chinaDateTime } from '../../common/text/china-time';
import { formatBytes, IEC_UNITS_ZH } from '../../common/text/format-bytes';
import { channelName } from './channel-names';
import { failureText } from './failure-codes';
import { certificateName } from '../../common/text/distinguished-name';
import { both, num, plural, quoted, records, str, type AuditFacts, type AuditNames, type Context, type Detail, type Sentence } from './sentence-parts';
import { ACCESS_SENTENCES } from './describe-access';

export type { AuditFacts, AuditNames } from './sentence-parts';

export interface DescribedEntry {
  /** Who acted, as stored (a username, or system / watch-folder / - for the node itself); '' for a failed login. */
  actor: string;
  actorName: Bilingual;
  roleName: Bilingual;
  actionName: Bilingual;
  /** What was acted on, as an identifier; '' when nothing or not to be shown. */
  target: string;
  sentence: Bilingual;
}

/** Automatic actors, and the one who unlocks with the recovery passphrase without an account. */
const SPECIAL_ACTORS: Record<string, Bilingual> = {
  system: { zh: '系统（自动）', en: 'System (automatic)' },
  'watch-folder': { zh: '监视文件夹（自动）', en: 'Watch folder (automatic)' },
  '-': { zh: '持恢复口令者', en: 'Holder of the recovery passphrase' },
};
const NOT_SIGNED_IN: Bilingual = { zh: '未登录者', en: 'Not signed in' };
const NO_ROLE: Bilingual = { zh: '—', en: '—' };

export function describeEntry(e: AuditFacts, names: AuditNames): DescribedEntry {
  const d = parseDetail(e.detail);
  // A wrong recovery passphrase is, like a failed login, an attempt by someone not signed in.
  const loginFailure = (e.action === 'auth.login' || e.action === 'node.unlock') && e.outcome === 'failure';
  const special = SPECIAL_ACTORS[e.actor];
  const person = special || loginFailure ? undefined : names.person(e.actor);
  const who: Bilingual = loginFailure ? NOT_SIGNED_IN : (special ?? { zh: person ?? e.actor, en: person ?? e.actor });
  const ctx: Context = { e, d, who, ok: e.outcome === 'success', names };
  const action = e.action;
  const known = isAuditAction(action);
  const sentence: Sentence = known ? SENTENCES[action](ctx) : unknownAction(ctx);
  return {
    actor: loginFailure ? '' : e.actor,
    actorName: who,
    roleName: loginFailure ? NO_ROLE : roleName(e.role),
    actionName: known ? { zh: AUDIT_ACTION_INFO[action].zh, en: AUDIT_ACTION_INFO[action].en } : { zh: '其他操作', en: 'Other action' },
    target: sentence.target ?? (e.target === '-' ? '' : e.target),
    sentence: { zh: sentence.zh, en: sentence.en },
  };
}

export function roleName(role: string): Bilingual {
  if ((ROLES as readonly string[]).includes(role)) return ROLE_LABELS[role as Role];
  if (role === 'system') return { zh: '系统', en: 'System' };
  return NO_ROLE;
}

function parseDetail(text: string): Detail {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Detail) : {};
  } catch {
    return {};
  }
}

/** An account as a sentence names it: `李录入（clerk）`, or the bare username when unknown. */
function account(names: AuditNames, username: string): Bilingual {
  const display = names.person(username);
  return display ? { zh: `${display}（${username}）`, en: `${display} (${username})` } : { zh: username, en: username };
}

function recordResourceOf(ctx: Context): string | undefined {
  return str(ctx.d.resource) ?? ctx.names.recordResource(ctx.e.target);
}

/** `，原因：…` when a later version of the core puts a reason in the detail. */
function reason(ctx: Context): Bilingual {
  const r = str(ctx.d.reason);
  return r ? { zh: `，原因：${r}`, en: `, reason: ${r}` } : { zh: '', en: '' };
}

/** A failed job's reason: a recorded message (already Chinese), else its code in words. */
function failure(ctx: Context): Bilingual {
  const message = str(ctx.d.problem) ?? str(ctx.d.reason);
  if (message) return { zh: message, en: message };
  return failureText(ctx.d.code);
}

const SOURCE: Record<string, Bilingual> = {
  upload: { zh: '在界面上', en: 'in the app' },
  cli: { zh: '用命令行', en: 'from the command line' },
  watch: { zh: '从监视文件夹', en: 'from a watch folder' },
};

const FORMAT_NAMES: Record<string, string> = { xlsx: 'Excel', csv: 'CSV' };

/** The sentence of every action; a Record over the union, so none can be missing. */
const SENTENCES: Record<AuditAction, (ctx: Context) => Sentence> = {
  'auth.login': (ctx) => {
    const { who, e, d, names } = ctx;
    if (ctx.ok) return both(`${who.zh} 登录了系统`, `${who.en} signed in`);
    const reasonCode = str(d.reason);
    if (reasonCode === 'unknown user' || !names.person(e.target)) {
      return { ...both('有人用不存在的用户名尝试登录，已拒绝', 'Someone tried to sign in with a user name that does not exist; refused'), target: '' };
    }
    const a = account(names, e.target);
    switch (reasonCode) {
      case 'disabled':
        return both(`有人尝试登录已停用的账户 ${a.zh}，已拒绝`, `Someone tried to sign in to the disabled account ${a.en}; refused`);
      case 'locked':
        return both(`有人尝试登录已锁定的账户 ${a.zh}，已拒绝`, `Someone tried to sign in to the locked account ${a.en}; refused`);
      case 'wrong password':
        return both(`有人登录账户 ${a.zh} 时密码错误`, `Someone entered a wrong password for the account ${a.en}`);
      case 'wrong password, locked':
        return both(
          `有人登录账户 ${a.zh} 时密码错误，连续失败次数已达上限，该账户已临时锁定`,
          `Someone entered a wrong password for the account ${a.en}; too many failures in a row, the account is locked for a while`,
        );
      default:
        return both(`有人登录账户 ${a.zh} 未成功`, `Someone failed to sign in to the account ${a.en}`);
    }
  },
  'auth.logout': ({ who }) => both(`${who.zh} 退出了登录`, `${who.en} signed out`),
  'auth.changePassword': ({ who, ok, d }) =>
    ok
      ? d.initial === true
        ? both(`${who.zh} 把系统管理员设置的初始密码改为了自己的密码`, `${who.en} replaced the password the administrator had set with their own`)
        : both(`${who.zh} 修改了自己的密码`, `${who.en} changed their password`)
      : both(`${who.zh} 修改密码未成功：当前密码输入错误`, `${who.en} could not change their password: the current password was wrong`),
  'user.create': ({ who, e, d, names }) => {
    const a = account(names, e.target);
    const role = roleName(str(d.newRole) ?? '');
    // First-time setup creates the first administrator under its own name.
    if (e.actor === e.target) return both(`${who.zh} 在首次设置中创建了自己的账户（${e.target}），角色为${role.zh}`, `${who.en} created their own account (${e.target}) during the first-time setup, with the role ${role.en}`);
    const c = auditorConfirmed({ who, e, d, names, ok: true });
    return both(`${who.zh} 新建了账户 ${a.zh}，角色为${role.zh}${c.zh}`, `${who.en} created the account ${a.en} with the role ${role.en}${c.en}`);
  },
  'user.unlock': (ctx) => accountChange(ctx, '解锁了账户', 'unlocked the account'),
  'user.enable': (ctx) => accountChange(ctx, '启用了账户', 'enabled the account'),
  'user.disable': (ctx) => accountChange(ctx, '停用了账户', 'disabled the account'),
  'user.resetPassword': (ctx) => {
    const { who, e, d, names } = ctx;
    const a = account(names, e.target);
    const c = auditorConfirmed(ctx);
    const must = d.mustChange === true ? { zh: '，本人首次登录须修改', en: '; its owner must change it at the next sign-in' } : { zh: '', en: '' };
    return both(`${who.zh} 重置了账户 ${a.zh} 的密码${must.zh}${c.zh}`, `${who.en} reset the password of the account ${a.en}${must.en}${c.en}`);
  },
  'user.auditorConfirm': (ctx) => {
    const { who, e, d, names, ok } = ctx;
    const a = account(names, e.target);
    const change = AUDITOR_CHANGES[str(d.change) ?? ''] ?? { zh: '变更', en: 'change' };
    if (ok) {
      const requester = str(d.requestedBy);
      const admin = requester ? account(names, requester) : { zh: '系统管理员', en: 'the Administrator' };
      return both(`${who.zh} 以审计员身份确认了 ${admin.zh} 对账户 ${a.zh} 的${change.zh}`, `${who.en}, as Auditor, confirmed the ${change.en} of the account ${a.en} requested by ${admin.en}`);
    }
    const auditor = str(d.auditor);
    const by = auditor ? account(names, auditor) : undefined;
    const why = CONFIRMATION_REFUSALS[str(d.reason) ?? ''] ?? { zh: '确认未被接受', en: 'the confirmation was not accepted' };
    return both(
      `${who.zh} 对账户 ${a.zh} 的${change.zh}未获审计员确认${by ? `（确认人 ${by.zh}）` : ''}：${why.zh}，已拒绝`,
      `${who.en}'s ${change.en} of the account ${a.en} was not confirmed by an Auditor${by ? ` (confirming: ${by.en})` : ''}: ${why.en}; refused`,
    );
  },
  'record.create': (ctx) => {
    const r = records(ctx, recordResourceOf(ctx));
    return both(`${ctx.who.zh} 登记了 ${r.zh}`, `${ctx.who.en} registered ${r.en}`);
  },
  'record.correct': (ctx) => {
    const r = records(ctx, recordResourceOf(ctx));
    const version = num(ctx.d.version);
    const v = version ? { zh: `（改后为第 ${version} 版）`, en: ` (now version ${version})` } : { zh: '', en: '' };
    const why = reason(ctx);
    return both(`${ctx.who.zh} 更正了 ${r.zh}${v.zh}${why.zh}`, `${ctx.who.en} corrected ${r.en}${v.en}${why.en}`);
  },
  'record.withdraw': (ctx) => {
    const r = records(ctx, recordResourceOf(ctx));
    const why = reason(ctx);
    return both(`${ctx.who.zh} 撤回了 ${r.zh}${why.zh}`, `${ctx.who.en} withdrew ${r.en}${why.en}`);
  },
  'intake.import': (ctx) => {
    const { who, e, d, ok } = ctx;
    const resource = str(d.resource);
    const into = resource ? (ctx.names.resource(resource) ?? resource) : undefined;
    const file = quoted(e.target);
    const where = SOURCE[str(d.source) ?? ''] ?? { zh: '', en: '' };
    const intoText = into ? { zh: `到 ${into}`, en: ` into ${into}` } : { zh: '', en: '' };
    const total = num(d.total);
    const counts =
      total === undefined
        ? { zh: '', en: '' }
        : {
            zh: `：共 ${total} 行，导入 ${num(d.imported) ?? 0} 行${num(d.rejected) ? `，有误未导入 ${num(d.rejected)} 行` : ''}${num(d.duplicates) ? `，重复未导入 ${num(d.duplicates)} 行` : ''}`,
            en: `: ${plural(total, 'row')}, ${num(d.imported) ?? 0} imported${num(d.rejected) ? `, ${num(d.rejected)} with errors` : ''}${num(d.duplicates) ? `, ${num(d.duplicates)} duplicates` : ''}`,
          };
    if (ok) {
      return both(`${who.zh} ${where.zh}导入了文件${file.zh}${intoText.zh}${counts.zh}`, `${who.en} imported the file${file.en}${where.en ? ` ${where.en}` : ''}${intoText.en}${counts.en}`);
    }
    const why = str(d.problem);
    return both(
      `${who.zh} ${where.zh}导入文件${file.zh}${intoText.zh}未完成${why ? `：${why}` : counts.zh}`,
      `${who.en} could not finish importing the file${file.en}${intoText.en}${why ? `: ${why}` : counts.en}`,
    );
  },
  'intake.setWatchFolders': ({ who, d }) => {
    const n = num(d.folders) ?? 0;
    return both(`${who.zh} 修改了监视文件夹，现有 ${n} 个`, `${who.en} changed the watch folders (now ${n})`);
  },
  'sync.settings': ({ who, e, d }) => {
    const url = e.target && e.target !== '-' ? e.target : undefined;
    const bw = num(d.bandwidthKiBps);
    const interval = num(d.intervalSeconds);
    const batch = num(d.batchMaxItems);
    const zh = [url ? `交换平台 ${url}` : '未设交换平台地址', interval ? `每 ${interval} 秒同步一次` : '', batch ? `每批最多 ${batch} 条` : '', bw ? `上传限速 ${bw} KiB/秒` : '上传不限速'];
    const en = [url ? `exchange ${url}` : 'no exchange address', interval ? `every ${interval} s` : '', batch ? `at most ${batch} per batch` : '', bw ? `upload capped at ${bw} KiB/s` : 'no upload cap'];
    return both(`${who.zh} 修改了同步设置：${zh.filter(Boolean).join('，')}`, `${who.en} changed the sync settings: ${en.filter(Boolean).join(', ')}`);
  },
  'sync.now': ({ who }) => both(`${who.zh} 要求立即同步`, `${who.en} asked for a sync now`),
  'sync.pause': ({ who }) => both(`${who.zh} 暂停了向交换平台上报数据`, `${who.en} paused sending data to the exchange`),
  'sync.resume': ({ who }) => both(`${who.zh} 恢复了向交换平台上报数据`, `${who.en} resumed sending data to the exchange`),
  'sync.requeue': (ctx) => {
    const r = records(ctx, ctx.names.recordResource(ctx.e.target));
    const code = str(ctx.d.code);
    return both(
      `${ctx.who.zh} 将被交换平台拒收的 ${r.zh} 重新排队上报${code ? `（拒收代码 ${code}）` : ''}`,
      `${ctx.who.en} queued ${r.en} rejected by the exchange to be sent again${code ? ` (rejection code ${code})` : ''}`,
    );
  },
  'sync.reconcile': ({ who, d }) => {
    const kept = num(d.kept) ?? 0;
    const moved = num(d.moved) ?? 0;
    return {
      ...both(
        `${who.zh} 在恢复备份后与交换平台核对了上报进度：${kept} 条待上报数据沿用原编号，${moved} 条换用新编号重新上报`,
        `${who.en} reconciled with the exchange after a restore: ${kept} pending items keep their numbers, ${moved} are sent again under new numbers`,
      ),
      target: '',
    };
  },
  'catalog.update': ({ who, e, d }) => {
    const previous = str(d.previous);
    return both(
      `${who.zh} 将资源目录${previous ? `从版本 ${previous} ` : ''}更新到版本 ${e.target}`,
      `${who.en} updated the resource catalog${previous ? ` from version ${previous}` : ''} to version ${e.target}`,
    );
  },
  'cert.csr': ({ who, d }) => {
    const bits = num(d.bits);
    return both(`${who.zh} 生成了节点证书申请${bits ? `（${bits} 位密钥）` : ''}`, `${who.en} created a certificate request${bits ? ` (${bits}-bit key)` : ''}`);
  },
  'cert.import': (ctx) => {
    const { who, e, d } = ctx;
    if (!ctx.ok) {
      const why = failure(ctx);
      return both(`${who.zh} 导入节点证书未成功：${why.zh}`, `${who.en} could not import the node certificate: ${why.en}`);
    }
    const until = str(d.notAfter);
    return both(
      `${who.zh} 导入了节点证书（序列号 ${e.target}${until ? `，有效期至 ${chinaDate(until)}` : ''}）`,
      `${who.en} imported the node certificate (serial ${e.target}${until ? `, valid until ${chinaDate(until)}` : ''})`,
    );
  },
  'cert.root': (ctx) => {
    if (!ctx.ok) {
      const why = failure(ctx);
      return both(`${ctx.who.zh} 设置根证书未成功：${why.zh}`, `${ctx.who.en} could not set the root certificate: ${why.en}`);
    }
    // The subject as people know it (its CN), not the X.509 form "C=CN, ST=…".
    const name = ctx.e.target && ctx.e.target !== '-' ? certificateName(ctx.e.target) : undefined;
    const subject = quoted(name);
    return { ...both(`${ctx.who.zh} 设置了省级根证书${subject.zh}`, `${ctx.who.en} set the provincial root certificate${subject.en}`), target: name ?? '' };
  },
  'backup.create': (ctx) => {
    const file = quoted(backupFile(ctx));
    if (ctx.ok) return both(`${ctx.who.zh} 备份了数据，备份文件${file.zh}`, `${ctx.who.en} made a backup${file.en}`);
    const why = failure(ctx);
    const then = writtenLate(ctx.d);
    return both(`${ctx.who.zh} 备份数据未成功：${why.zh}${then.zh}`, `${ctx.who.en} could not make a backup: ${why.en}${then.en}`);
  },
  'backup.verify': (ctx) => {
    const file = quoted(backupFile(ctx));
    if (ctx.ok) return both(`${ctx.who.zh} 对备份${file.zh}做了恢复演练，结果通过`, `${ctx.who.en} ran a restore drill of the backup${file.en}: passed`);
    const why = failure(ctx);
    const then = writtenLate(ctx.d);
    return both(`${ctx.who.zh} 对备份${file.zh}做恢复演练未通过：${why.zh}${then.zh}`, `${ctx.who.en} ran a restore drill of the backup${file.en}: failed, ${why.en}${then.en}`);
  },
  'backup.upload': (ctx) => {
    const file = quoted(backupFile(ctx));
    const bytes = num(ctx.d.bytes);
    if (ctx.ok) {
      return both(
        `${ctx.who.zh} 将备份${file.zh}上传到了容灾备份中心${bytes === undefined ? '' : `（${formatBytes(bytes, IEC_UNITS_ZH)}）`}`,
        `${ctx.who.en} uploaded the backup${file.en} to the DR centre${bytes === undefined ? '' : ` (${formatBytes(bytes)})`}`,
      );
    }
    const why = failure(ctx);
    const then = writtenLate(ctx.d);
    return both(`${ctx.who.zh} 上传备份${file.zh}到容灾备份中心未成功：${why.zh}${then.zh}`, `${ctx.who.en} could not upload the backup${file.en} to the DR centre: ${why.en}${then.en}`);
  },
  'backup.settings': ({ who, d }) => {
    const schedule = str(d.schedule);
    const keep = [num(d.daily), num(d.weekly), num(d.monthly)];
    const zh = [
      !schedule || schedule === 'off' ? '不自动备份' : `每天 ${schedule} 自动备份`,
      keep.every((n) => n !== undefined) ? `保留最近 ${keep[0]} 天、${keep[1]} 周、${keep[2]} 个月的备份` : '',
      d.verifyAfterBackup === true ? '备份后做恢复演练' : '',
      d.drUpload === true ? '上传容灾备份中心' : '',
    ];
    const en = [
      !schedule || schedule === 'off' ? 'no automatic backup' : `automatic backup daily at ${schedule}`,
      keep.every((n) => n !== undefined) ? `keep ${keep[0]} daily, ${keep[1]} weekly and ${keep[2]} monthly backups` : '',
      d.verifyAfterBackup === true ? 'restore drill after each backup' : '',
      d.drUpload === true ? 'upload to the DR centre' : '',
    ];
    return both(`${who.zh} 修改了备份设置：${zh.filter(Boolean).join('，')}`, `${who.en} changed the backup settings: ${en.filter(Boolean).join(', ')}`);
  },
  'backup.retention': ({ who, d }) => {
    const deleted = num(d.deleted) ?? 0;
    const kept = num(d.kept);
    return both(
      `${who.zh} 按保留规则删除了 ${deleted} 个旧备份${kept === undefined ? '' : `，保留 ${kept} 个`}`,
      `${who.en} deleted ${plural(deleted, 'old backup')} under the retention rules${kept === undefined ? '' : `, keeping ${kept}`}`,
    );
  },
  'backup.restore': (ctx) => {
    const { who, d } = ctx;
    const file = quoted(str(d.file) ?? str(ctx.e.target));
    if (!ctx.ok) {
      const why = failure(ctx);
      return both(`${who.zh} 从备份${file.zh}恢复未成功：${why.zh}`, `${who.en} could not restore from the backup${file.en}: ${why.en}`);
    }
    const made = str(d.backupCreatedAt);
    const migrated = d.migration === true;
    return {
      ...both(
        `${who.zh} 用备份${file.zh}恢复了数据${made ? `（备份于 ${chinaDateTime(made, { seconds: false })}）` : ''}${migrated ? '，并将节点迁移到本机' : ''}`,
        `${who.en} restored the data from the backup${file.en}${made ? ` (made ${chinaDateTime(made, { seconds: false })})` : ''}${migrated ? ', moving the node to this machine' : ''}`,
      ),
      target: str(d.file) ?? ctx.e.target,
    };
  },
  'node.setup': ({ who, d }) => {
    const unit = str(d.unitName);
    return both(`${who.zh} 完成了首次设置${unit ? `（单位：${unit}）` : ''}`, `${who.en} completed the first-time setup${unit ? ` (unit: ${unit})` : ''}`);
  },
  'node.unlock': ({ who, ok, d }) => {
    if (ok) return { ...both(`${who.zh} 用恢复口令解锁了本节点`, `${who.en} unlocked the node with the recovery passphrase`), target: '' };
    // Recorded when the node next opened (a locked node cannot write its log): a tally, with times.
    const n = num(d.failures) ?? 0;
    const refused = num(d.refused) ?? 0;
    const first = str(d.firstAt);
    const last = str(d.lastAt);
    const when = first && last ? { zh: `（${chinaDateTime(first)} 至 ${chinaDateTime(last)}）`, en: ` (${chinaDateTime(first)} to ${chinaDateTime(last)})` } : { zh: '', en: '' };
    const tooEarly = refused > 0 ? { zh: `，另有 ${refused} 次因间隔过短未予核对`, en: `; ${plural(refused, 'more attempt')} refused unchecked as too early` } : { zh: '', en: '' };
    return {
      ...both(
        `节点锁定期间，有人 ${n} 次输入了错误的恢复口令${when.zh}${tooEarly.zh}`,
        `While the node was locked, someone entered a wrong recovery passphrase ${plural(n, 'time')}${when.en}${tooEarly.en}`,
      ),
      target: '',
    };
  },
  'node.start': ({ who, d }) => {
    const by = startedBy(d);
    const version = str(d.version);
    const about = [by.zh, version ? `程序版本 ${version}` : ''].filter(Boolean).join('，');
    const aboutEn = [by.en, version ? `version ${version}` : ''].filter(Boolean).join(', ');
    return { ...both(`${who.zh} 启动了节点核心${about ? `（${about}）` : ''}`, `${who.en} started the node core${aboutEn ? ` (${aboutEn})` : ''}`), target: '' };
  },
  // A start with no stop after it means the core ended without closing (a crash, a power cut).
  'node.stop': ({ who }) => ({ ...both(`${who.zh} 关闭了节点核心`, `${who.en} shut the node core down`), target: '' }),
  'status.thresholds': ({ who }) => ({ ...both(`${who.zh} 修改了节点状态页的提醒阈值`, `${who.en} changed the alert thresholds of the status page`), target: '' }),
  'status.providedResources': ({ who, d }) => {
    const list = str(d.resources);
    const sentence =
      d.default === true || !list
        ? both(`${who.zh} 将本单位提供的资源恢复为默认（已登记过数据的资源）`, `${who.en} reset the resources this unit provides to the default (those with records)`)
        : both(`${who.zh} 设置了本单位提供的资源（${num(d.count) ?? 0} 个）：${list}`, `${who.en} set the resources this unit provides (${num(d.count) ?? 0}): ${list}`);
    return { ...sentence, target: '' };
  },
  'audit.verify': ({ who, d, ok }) => {
    const checked = num(d.checked) ?? 0;
    return ok
      ? both(`${who.zh} 校验了审计日志，${checked} 条全部完好`, `${who.en} verified the audit log: all ${checked} entries intact`)
      : both(`${who.zh} 校验审计日志，发现日志已被删改（前 ${checked} 条完好）`, `${who.en} verified the audit log and found it altered (the first ${checked} entries intact)`);
  },
  'audit.gap': ({ d }) => {
    const from = num(d.lostFrom) ?? 0;
    const to = num(d.lostTo) ?? 0;
    const tail = num(d.tailSeq) ?? to;
    // A restore onto a new machine has no replaced log to read: the exchange's head names the end.
    const sentence =
      str(d.source) === 'exchange'
        ? both(
            `恢复到较早的备份：审计序号 ${from}–${to} 的记录不在本机（依据省交换平台记录的链头：序号 ${tail}，链值 ${(str(d.tailLink) ?? '').slice(0, 16)}…）`,
            `Restored an older backup: audit entries ${from}–${to} are not on this node (from the head the provincial exchange holds: ${tail}, link ${(str(d.tailLink) ?? '').slice(0, 16)}…)`,
          )
        : both(
            `恢复到较早的备份：审计序号 ${from}–${to} 的记录不在本机（原日志末条序号 ${tail}，校验值 ${(str(d.tailHash) ?? '').slice(0, 16)}…，已报省交换平台）`,
            `Restored an older backup: audit entries ${from}–${to} are not on this node (the replaced log ended at ${tail}, hash ${(str(d.tailHash) ?? '').slice(0, 16)}…; reported to the provincial exchange)`,
          );
    return { ...sentence, target: '' };
  },
  'audit.view': (ctx) => {
    const { who, d } = ctx;
    const filters = describeExportFilters(d, ctx.names);
    const by = filters.zh ? { zh: `，筛选条件：${filters.zh}`, en: `, filtered by ${filters.en}` } : { zh: '', en: '' };
    const shown = num(d.shown) ?? 0;
    const newest = num(d.newest);
    const oldest = num(d.oldest);
    if (shown === 0) return { ...both(`${who.zh} 查看了审计日志，没有符合条件的记录${by.zh}`, `${who.en} viewed the audit log: no matching entries${by.en}`), target: '' };
    const range = newest !== undefined && oldest !== undefined ? { zh: `（序号 ${oldest} 至 ${newest}）`, en: ` (numbers ${oldest} to ${newest})` } : { zh: '', en: '' };
    return {
      ...both(
        `${who.zh} 查看了审计日志 ${shown} 条${range.zh}${by.zh}`,
        `${who.en} viewed ${plural(shown, 'audit log entry', 'audit log entries')}${range.en}${by.en}`,
      ),
      target: '',
    };
  },
  'audit.export': (ctx) => {
    const { who, d } = ctx;
    const format = FORMAT_NAMES[str(d.format) ?? ''] ?? str(d.format) ?? '';
    const filters = describeExportFilters(d, ctx.names);
    if (!ctx.ok) {
      const why = failure(ctx);
      return { ...both(`${who.zh} 导出审计日志未成功：${why.zh}`, `${who.en} could not export the audit log: ${why.en}`), target: '' };
    }
    const rows = num(d.rows) ?? 0;
    return {
      ...both(
        `${who.zh} 导出了审计日志 ${rows} 条${format ? `（${format}）` : ''}${filters.zh ? `，筛选条件：${filters.zh}` : ''}`,
        `${who.en} exported ${plural(rows, 'audit log entry', 'audit log entries')}${format ? ` (${format})` : ''}${filters.en ? `, filtered by ${filters.en}` : ''}`,
      ),
      target: '',
    };
  },
  ...ACCESS_SENTENCES,
  'api.forbidden': ({ who, e }) => {
    const name = channelName(e.target);
    return {
      ...both(`${who.zh} 试图使用其角色无权使用的功能「${name.zh}」，已拒绝`, `${who.en} tried to use "${name.en}", which their role may not use; refused`),
      target: '',
    };
  },
};

const PROGRAMS: Record<string, Bilingual> = {
  app: { zh: '由桌面程序打开', en: 'opened by the desktop app' },
  serve: { zh: '由网页界面服务 edge-node serve 打开', en: 'opened by the web UI service edge-node serve' },
};

/** Which program opened the core: the app, `serve`, or one command of the CLI (by its name, never its arguments). */
function startedBy(d: Detail): Bilingual {
  const command = str(d.command);
  if (str(d.program) === 'command' && command) return { zh: `由命令 edge-node ${command} 打开`, en: `opened by the command edge-node ${command}` };
  return PROGRAMS[str(d.program) ?? ''] ?? { zh: '', en: '' };
}

function accountChange(ctx: Context, zhVerb: string, enVerb: string): Sentence {
  const a = account(ctx.names, ctx.e.target);
  const c = auditorConfirmed(ctx);
  return both(`${ctx.who.zh} ${zhVerb} ${a.zh}${c.zh}`, `${ctx.who.en} ${enVerb} ${a.en}${c.en}`);
}

/** `（经审计员 赵审计（zhaosj）确认）` on a change to an auditor account; the node's first auditor says it needed none. */
function auditorConfirmed(ctx: Context): Bilingual {
  const by = str(ctx.d.confirmedBy);
  if (by) {
    const a = account(ctx.names, by);
    return { zh: `（经审计员 ${a.zh} 确认）`, en: ` (confirmed by the Auditor ${a.en})` };
  }
  if (ctx.d.bootstrap === true) return { zh: '（本节点的第一名审计员，无需确认）', en: " (the node's first auditor, no confirmation needed)" };
  return { zh: '', en: '' };
}

const AUDITOR_CHANGES: Record<string, Bilingual> = {
  create: { zh: '新建审计员账户', en: 'creation as an Auditor' },
  disable: { zh: '停用', en: 'disabling' },
  enable: { zh: '启用', en: 'enabling' },
  resetPassword: { zh: '密码重置', en: 'password reset' },
};

const CONFIRMATION_REFUSALS: Record<string, Bilingual> = {
  missing: { zh: '没有审计员确认', en: 'no Auditor confirmed it' },
  'not an auditor': { zh: '确认人不是审计员账户', en: 'the confirming account is not an Auditor' },
  disabled: { zh: '确认人的审计员账户已停用', en: "the confirming Auditor's account is disabled" },
  locked: { zh: '确认人的审计员账户已锁定', en: "the confirming Auditor's account is locked" },
  'initial password': { zh: '确认人尚未修改初始密码', en: 'the confirming Auditor still has the initial password' },
  'wrong password': { zh: '确认人的密码错误', en: "the confirming Auditor's password was wrong" },
};

/**
 * A backup failure written when the disk had room again (main/backup/backup-events.ts): the
 * entry's own time is when it was written, so the sentence says when it happened.
 */
function writtenLate(d: Detail): Bilingual {
  const at = str(d.occurredAt);
  if (!at) return { zh: '', en: '' };
  return {
    zh: `（发生于北京时间 ${chinaDateTime(at, { seconds: false })}；当时磁盘已满，无法即时记录，此为补记）`,
    en: ` (happened at ${chinaDateTime(at, { seconds: false })} Beijing time; the disk was full then, so this entry was written later)`,
  };
}

function backupFile(ctx: Context): string | undefined {
  return str(ctx.d.file) ?? (ctx.e.target && ctx.e.target !== '-' ? ctx.e.target : undefined);
}

/** The filters an export was made with (as its entry's detail records them), as the auditor chose them; '' for none. */
export function describeExportFilters(d: Record<string, unknown>, names: AuditNames): Bilingual {
  const zh: string[] = [];
  const en: string[] = [];
  const user = str(d.user);
  if (user) {
    const a = account(names, user);
    zh.push(`人员 ${a.zh}`);
    en.push(`person ${a.en}`);
  }
  const action = str(d.action);
  if (action && isAuditAction(action)) {
    zh.push(`操作「${AUDIT_ACTION_INFO[action].zh}」`);
    en.push(`action "${AUDIT_ACTION_INFO[action].en}"`);
  }
  const kind = str(d.kind);
  if (kind && kind in KIND_NAMES) {
    zh.push(`类别「${KIND_NAMES[kind]!.zh}」`);
    en.push(`kind "${KIND_NAMES[kind]!.en}"`);
  }
  const from = str(d.from);
  const to = str(d.to);
  if (from || to) {
    zh.push(`日期 ${from ?? '最早'} 至 ${to ?? '最新'}`);
    en.push(`dates ${from ?? 'earliest'} to ${to ?? 'latest'}`);
  }
  const outcome = str(d.outcome);
  if (outcome === 'success' || outcome === 'failure') {
    zh.push(outcome === 'success' ? '结果为成功' : '结果为失败');
    en.push(outcome === 'success' ? 'successes' : 'failures');
  }
  return { zh: zh.join('，'), en: en.join(', ') };
}

const KIND_NAMES: Record<string, Bilingual> = AUDIT_KIND_LABELS;

/** An action this version does not know (a newer node's entry after a restore): said so, without its code. */
function unknownAction({ who, ok }: Context): Sentence {
  return both(`${who.zh} 进行了一项本版本程序不认识的操作（${ok ? '成功' : '失败'}）`, `${who.en} performed an action this version does not know (${ok ? 'succeeded' : 'failed'})`);
}
