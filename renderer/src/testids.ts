// Stable data-testid values for the end-to-end tests. Tests should prefer these (or the
// visible Chinese labels) over CSS classes, which antd changes between versions.
//
// Where the id lands:
//   Inputs, passwords, text areas  → the <input>/<textarea> itself (fill() works directly)
//   Select                         → antd's Select root <div>. Every Select has search, so the
//                                    keyboard way works: click (or Tab to) it, type the option's
//                                    text, press Enter. With a mouse, click the option by its
//                                    title in the open dropdown. (antd's role=option elements
//                                    are an invisible a11y list: don't click those.) When
//                                    driving by keyboard, give the dropdown a moment to close
//                                    after Enter before pressing Tab.
//   Checkbox                       → the <input type=checkbox>
//   Buttons, menu items            → the clickable element
//   Tables                         → a wrapper <div> around the antd Table; rows are <tr>
//                                    with data-row-key = record id / username / seq
//   Drawer, alerts, results        → a wrapper <div> inside them
//
// Setup:    setup-unit-name, setup-credit-code, setup-division-code, setup-admin-username,
//           setup-admin-name, setup-admin-password, setup-admin-password-confirm,
//           setup-passphrase, setup-passphrase-confirm, setup-passphrase-strength,
//           setup-passphrase-ack, setup-submit, setup-error
// Login:    login-unit, login-username, login-password, login-submit, login-error, login-notice
// Layout:   header-unit, header-user, lang-switch, change-password, logout,
//           menu-register, menu-records, menu-users, menu-audit, menu-status, menu-sync,
//           menu-certs, menu-sync-settings, menu-import, menu-watch,
//           cert-expiry-banner (admin/operator, when the node certificate needs attention;
//           data-warning = soon | urgent | expired | revoked), cert-expiry-banner-open
// Register: resource-select, resource-info, field-<itemCode> (one per catalog item),
//           record-submit, record-reset, record-saved (shows the new record id), form-errors
// Records:  records-resource-filter, records-search, records-search-button,
//           records-back-to-list, records-table, records-total (data-total),
//           records-page-first | -newer | -older | -last
// Detail:   record-drawer, record-fields, record-history, record-correct, record-withdraw,
//           correct-reason, correct-submit, withdraw-reason, withdraw-confirm
// Users:    users-table, users-create, user-username, user-name, user-role, user-unit,
//           user-password, user-password-confirm, user-create-submit,
//           user-unlock-<username>, user-toggle-<username>
// Audit:    audit-table (rows keyed by seq; cells carry data-col = actor | action | outcome |
//           sentence), audit-verify, audit-verify-result, audit-filter-person,
//           audit-filter-action (Select: type 更正记录 or 全部「数据登记」), audit-filter-days
//           (RangePicker), audit-filter-outcome (Select), audit-filter-reset, audit-total
//           (data-total), audit-page-newest | -newer | -older | -oldest, audit-export-xlsx,
//           audit-export-csv
// Status:   status-node, status-resources (the clerk's simple view)
// Dashboard (issue 6; official, admin, operator, auditor): status-dashboard, status-node
//           (one line: unit, division, node id), status-generated-at, status-refresh,
//           status-error (data-code), status-overall (data-level = green | yellow | red),
//           status-tile-<link|certificate|queue|backup|catalog|disk|app> (the tile's Card;
//           data-level = green | yellow | red) with status-tile-<key>-sentence (the core's
//           sentence, only when not green), status-chart-daily and status-chart-queue (the
//           chart boxes; a <canvas> inside), status-chart-daily-summary (data-registered =
//           new records, data-queued and data-delivered = record versions; 90-day totals),
//           status-resource-table (rows keyed by resource code; cells carry data-col =
//           records | newThisMonth | newThisQuarter; the negative list shows a tag with
//           data-negative="true" instead of rates; data-overdue="true" on 已逾期,
//           data-provided="false" on 本单位不提供),
//           status-diagnostics (admin, operator), status-thresholds (admin: opens the form),
//           status-thresholds-modal, threshold-<key> (InputNumber per StatusThresholds key),
//           status-thresholds-submit, status-thresholds-error, status-provided (admin: opens
//           本单位提供的资源), status-provided-modal (data-set-by-admin; a checkbox per resource,
//           status-provided-modal-<code>), status-provided-submit, status-provided-reset
// Report:   menu-report, report-year (Select), report-quarter (Segmented; click the label
//           '第 N 季度'), report-print, report-export, report-loading, report-error,
//           report-view (data-year, data-quarter), report-node-started (data-created-at),
//           report-summary, report-table (rows keyed
//           by resource code, plus data-row-key="total" in tfoot; number cells carry data-col),
//           report-backups, report-outages
// Sync:     sync-link-state (the Tag; data-link = online | offline | certificate | paused |
//           not-configured), sync-problem (data-link as well), sync-error (the call failed),
//           sync-queue-depth (the number; data-value is the raw count), sync-oldest,
//           sync-in-flight, sync-rejected-count, sync-details, sync-now, sync-pause,
//           sync-resume, sync-progress (data-sent, data-total), sync-rejected-table
//           (rows keyed by seq), sync-requeue-<seq> (the button), sync-requeue-confirm (the
//           Popconfirm's OK; closed ones stay in the DOM hidden, so pick the visible one),
//           sync-tech-toggle (the 技术信息 Switch: reveals sync-tech-info and the rejection
//           codes in the table)
// Certs:    cert-root-input, cert-root-file, cert-root-submit, cert-root-replace,
//           cert-root-error, cert-root-view, cert-status
//           (data-warning = none | … when a certificate is present, data-has-cert),
//           cert-csr-province, cert-csr-county, cert-csr-keybits, cert-csr-submit, cert-csr-error,
//           cert-csr-output, cert-csr-copy, cert-csr-download, cert-import-kind
//           (Segmented: 'PEM 证书链' / 'PKCS#12 文件…'), cert-import-pem, cert-import-pem-file,
//           cert-import-p12-file, cert-import-p12-password, cert-import-submit,
//           cert-import-error (data-code = the core's error code)
//           File choosers are <input type=file>, hidden behind a button: setInputFiles() on them.
// Sync settings: sync-settings-url, sync-settings-bandwidth, sync-settings-items,
//           sync-settings-bytes (KiB), sync-settings-interval (seconds), sync-settings-submit,
//           sync-settings-error
// Import:   intake-file (the Dragger's hidden <input type=file>: setInputFiles() on it; its
//           parent is the Dragger, a role=button that Enter opens), intake-file-info (the
//           chosen file; data-size = bytes), intake-file-error (refused before sending: too
//           large, empty, wrong type), intake-error (the core refused; data-code),
//           intake-resource (Select, pre-filled with the recognised resource),
//           intake-recognised (data-resource = the recognised code, or empty), intake-sheet
//           (Select, XLSX only), intake-preview-table (header cells carry data-item = item
//           code, or data-extra="true" on 多余列; look under thead: antd repeats titles in a
//           hidden measure row), intake-missing (red Alert listing missing required columns;
//           开始导入 is disabled while it shows), intake-problems, intake-start,
//           intake-progress (while running only; data-processed = rows so far, data-fraction
//           = share of the file read, 0–1, or empty), intake-job-error, intake-report
//           (data-already = true | false), intake-total, intake-imported, intake-rejected,
//           intake-duplicates, intake-empty (each a number with data-value = the raw count),
//           intake-already (the 已导入过 Alert), intake-file-problem, intake-extra-columns,
//           intake-errors-table (rows not imported: errors and duplicates; data-row-key =
//           index in the report; cells 行号, 列, 值 (masked by the core), 原因),
//           intake-errors-not-listed, intake-download, intake-again
// Restore (first run, 从备份恢复): setup-restore (the link on the setup screen), restore-file
//           (hidden <input type=file>), restore-upload (data-done = true once uploaded),
//           restore-passphrase, restore-inspect, restore-info (data-node, data-records),
//           restore-confirm, restore-submit, restore-progress (data-state, data-phase),
//           restore-error, restore-back
// Backup:   menu-backup, backup-status, backup-last-verified (data-file, data-file-exists,
//           data-verified-file = the newest file still there that passed a drill),
//           backup-retention-preview (data-manual-deletes, data-scheduled-deletes: file
//           names joined by |), backup-create, backup-job
//           (data-kind, data-state, data-phase, data-file = the job's file), backup-job-error,
//           backup-verify-result, backup-error, backup-table (rows keyed by file name, newest
//           first), backup-verify-<file>, backup-upload-<file>, backup-restore-<file>, backup-restore-modal,
//           backup-restore-passphrase, backup-restore-inspect, backup-restore-info,
//           backup-restore-migration, backup-restore-confirm, backup-restore-submit,
//           backup-restore-progress, backup-restore-error, backup-restore-relogin,
//           backup-settings-folder, -schedule, -time, -daily, -weekly, -monthly, -manual, -dr, -submit, -error
// Watch:    watch-folders-path-<i>, watch-folders-resource-<i> (Select; '由文件名中的资源代码
//           确定' = no fixed resource), watch-folders-unit-<i> (empty = the node's unit name),
//           watch-folders-remove-<i>, watch-folders-add, watch-folders-submit,
//           watch-folders-error (data-code), watch-folders-load-error, watch-status-folders
//           (rows keyed by path; data-ok on the state Tag), watch-status-queued (data-value),
//           watch-status-table (rows keyed by folder|file|time; data-state on the state Tag),
//           watch-status-error (data-code)
// Password: password-current, password-new, password-confirm, password-submit
// First login: first-password-screen (the page an account on the admin's initial password
//           gets after login), first-password-logout; its form is the Password one above
// Auditor confirmation (changes to auditor accounts): auditor-confirm-username,
//           auditor-confirm-password, auditor-confirm-submit (the modal's OK, for
//           enabling / disabling an auditor); a user's state Tag carries data-state
//           (normal / locked / disabled / mustChange)

export const TID = {
  setupUnitName: 'setup-unit-name',
  setupCreditCode: 'setup-credit-code',
  setupDivisionCode: 'setup-division-code',
  setupAdminUsername: 'setup-admin-username',
  setupAdminName: 'setup-admin-name',
  setupAdminPassword: 'setup-admin-password',
  setupAdminPasswordConfirm: 'setup-admin-password-confirm',
  setupPassphrase: 'setup-passphrase',
  setupPassphraseConfirm: 'setup-passphrase-confirm',
  setupPassphraseStrength: 'setup-passphrase-strength',
  setupPassphraseAck: 'setup-passphrase-ack',
  setupSubmit: 'setup-submit',
  setupError: 'setup-error',

  loginUnit: 'login-unit',
  unlockPassphrase: 'unlock-passphrase',
  unlockSubmit: 'unlock-submit',
  unlockError: 'unlock-error',

  loginUsername: 'login-username',
  loginPassword: 'login-password',
  loginSubmit: 'login-submit',
  loginError: 'login-error',
  loginNotice: 'login-notice',

  headerUnit: 'header-unit',
  headerUser: 'header-user',
  langSwitch: 'lang-switch',
  changePassword: 'change-password',
  logout: 'logout',
  menuRegister: 'menu-register',
  menuRecords: 'menu-records',
  menuUsers: 'menu-users',
  menuAudit: 'menu-audit',
  menuStatus: 'menu-status',
  menuSync: 'menu-sync',
  menuCerts: 'menu-certs',
  menuSyncSettings: 'menu-sync-settings',
  menuImport: 'menu-import',
  menuWatch: 'menu-watch',
  certExpiryBanner: 'cert-expiry-banner',
  certExpiryBannerOpen: 'cert-expiry-banner-open',

  resourceSelect: 'resource-select',
  resourceInfo: 'resource-info',
  recordSubmit: 'record-submit',
  recordReset: 'record-reset',
  recordSaved: 'record-saved',
  formErrors: 'form-errors',

  recordsResourceFilter: 'records-resource-filter',
  recordsSearch: 'records-search',
  recordsSearchButton: 'records-search-button',
  recordsBackToList: 'records-back-to-list',
  recordsTable: 'records-table',
  recordsTotal: 'records-total',
  recordsPageFirst: 'records-page-first',
  recordsPageNewer: 'records-page-newer',
  recordsPageOlder: 'records-page-older',
  recordsPageLast: 'records-page-last',

  recordDrawer: 'record-drawer',
  recordFields: 'record-fields',
  recordHistory: 'record-history',
  recordCorrect: 'record-correct',
  recordWithdraw: 'record-withdraw',
  correctReason: 'correct-reason',
  correctSubmit: 'correct-submit',
  withdrawReason: 'withdraw-reason',
  withdrawConfirm: 'withdraw-confirm',

  usersTable: 'users-table',
  usersCreate: 'users-create',
  userUsername: 'user-username',
  userName: 'user-name',
  userRole: 'user-role',
  userUnit: 'user-unit',
  userPassword: 'user-password',
  userPasswordConfirm: 'user-password-confirm',
  userCreateSubmit: 'user-create-submit',
  firstPasswordScreen: 'first-password-screen',
  firstPasswordLogout: 'first-password-logout',
  auditorConfirmUsername: 'auditor-confirm-username',
  auditorConfirmPassword: 'auditor-confirm-password',
  auditorConfirmSubmit: 'auditor-confirm-submit',

  auditTable: 'audit-table',
  auditVerify: 'audit-verify',
  auditVerifyResult: 'audit-verify-result',
  auditFilterPerson: 'audit-filter-person',
  auditFilterAction: 'audit-filter-action',
  auditFilterDays: 'audit-filter-days',
  auditFilterOutcome: 'audit-filter-outcome',
  auditFilterReset: 'audit-filter-reset',
  auditTotal: 'audit-total',
  auditPageNewest: 'audit-page-newest',
  auditPageNewer: 'audit-page-newer',
  auditPageOlder: 'audit-page-older',
  auditPageOldest: 'audit-page-oldest',
  auditExportXlsx: 'audit-export-xlsx',
  auditExportCsv: 'audit-export-csv',

  statusNode: 'status-node',
  statusResources: 'status-resources',

  // Node status dashboard and quarterly report (issue 6)
  statusDashboard: 'status-dashboard',
  statusGeneratedAt: 'status-generated-at',
  statusRefresh: 'status-refresh',
  statusError: 'status-error',
  statusOverall: 'status-overall',
  statusChartDaily: 'status-chart-daily',
  statusChartDailySummary: 'status-chart-daily-summary',
  statusChartQueue: 'status-chart-queue',
  statusResourceTable: 'status-resource-table',
  statusDiagnostics: 'status-diagnostics',
  statusThresholds: 'status-thresholds',
  statusThresholdsModal: 'status-thresholds-modal',
  statusThresholdsSubmit: 'status-thresholds-submit',
  statusThresholdsError: 'status-thresholds-error',
  statusProvided: 'status-provided',
  statusProvidedModal: 'status-provided-modal',
  statusProvidedSubmit: 'status-provided-submit',
  statusProvidedReset: 'status-provided-reset',
  menuReport: 'menu-report',
  reportYear: 'report-year',
  reportQuarter: 'report-quarter',
  reportPrint: 'report-print',
  reportExport: 'report-export',
  reportLoading: 'report-loading',
  reportError: 'report-error',
  reportView: 'report-view',
  reportSummary: 'report-summary',
  reportNodeStarted: 'report-node-started',
  reportTable: 'report-table',
  reportBackups: 'report-backups',
  reportOutages: 'report-outages',

  syncLinkState: 'sync-link-state',
  syncProblem: 'sync-problem',
  syncError: 'sync-error',
  syncQueueDepth: 'sync-queue-depth',
  syncOldest: 'sync-oldest',
  syncInFlight: 'sync-in-flight',
  syncRejectedCount: 'sync-rejected-count',
  syncDetails: 'sync-details',
  syncNow: 'sync-now',
  syncPause: 'sync-pause',
  syncResume: 'sync-resume',
  syncProgress: 'sync-progress',
  syncEta: 'sync-eta',
  syncRejectedTable: 'sync-rejected-table',
  syncRequeueConfirm: 'sync-requeue-confirm',
  syncTechToggle: 'sync-tech-toggle',
  syncTechInfo: 'sync-tech-info',

  certRootInput: 'cert-root-input',
  certRootFile: 'cert-root-file',
  certRootSubmit: 'cert-root-submit',
  certRootReplace: 'cert-root-replace',
  certRootError: 'cert-root-error',
  certRootView: 'cert-root-view',
  certStatus: 'cert-status',
  certCsrProvince: 'cert-csr-province',
  certCsrCounty: 'cert-csr-county',
  certCsrKeyBits: 'cert-csr-keybits',
  certCsrSubmit: 'cert-csr-submit',
  certCsrError: 'cert-csr-error',
  certCsrOutput: 'cert-csr-output',
  certCsrCopy: 'cert-csr-copy',
  certCsrDownload: 'cert-csr-download',
  certImportKind: 'cert-import-kind',
  certImportPem: 'cert-import-pem',
  certImportPemFile: 'cert-import-pem-file',
  certImportP12File: 'cert-import-p12-file',
  certImportP12Password: 'cert-import-p12-password',
  certImportSubmit: 'cert-import-submit',
  certImportError: 'cert-import-error',

  syncSettingsUrl: 'sync-settings-url',
  syncSettingsBandwidth: 'sync-settings-bandwidth',
  syncSettingsItems: 'sync-settings-items',
  syncSettingsBytes: 'sync-settings-bytes',
  syncSettingsInterval: 'sync-settings-interval',
  syncSettingsSubmit: 'sync-settings-submit',
  syncSettingsError: 'sync-settings-error',

  intakeFile: 'intake-file',
  intakeFileInfo: 'intake-file-info',
  intakeFileError: 'intake-file-error',
  intakeError: 'intake-error',
  intakeResource: 'intake-resource',
  intakeRecognised: 'intake-recognised',
  intakeSheet: 'intake-sheet',
  intakePreviewTable: 'intake-preview-table',
  intakeMissing: 'intake-missing',
  intakeProblems: 'intake-problems',
  intakeStart: 'intake-start',
  intakeProgress: 'intake-progress',
  intakeJobError: 'intake-job-error',
  intakeReport: 'intake-report',
  intakeTotal: 'intake-total',
  intakeImported: 'intake-imported',
  intakeRejected: 'intake-rejected',
  intakeDuplicates: 'intake-duplicates',
  intakeEmpty: 'intake-empty',
  intakeAlready: 'intake-already',
  intakeFileProblem: 'intake-file-problem',
  intakeExtraColumns: 'intake-extra-columns',
  intakeErrorsTable: 'intake-errors-table',
  intakeErrorsNotListed: 'intake-errors-not-listed',
  intakeDownload: 'intake-download',
  intakeAgain: 'intake-again',

  watchFoldersAdd: 'watch-folders-add',
  watchFoldersSubmit: 'watch-folders-submit',
  watchFoldersError: 'watch-folders-error',
  watchFoldersLoadError: 'watch-folders-load-error',
  watchStatusFolders: 'watch-status-folders',
  watchStatusQueued: 'watch-status-queued',
  watchStatusTable: 'watch-status-table',
  watchStatusError: 'watch-status-error',

  // Backup and restore (issue 4)
  menuBackup: 'menu-backup',
  setupRestore: 'setup-restore',
  restoreFile: 'restore-file',
  restoreUpload: 'restore-upload',
  restorePassphrase: 'restore-passphrase',
  restoreInspect: 'restore-inspect',
  restoreInfo: 'restore-info',
  restoreConfirm: 'restore-confirm',
  restoreSubmit: 'restore-submit',
  restoreProgress: 'restore-progress',
  restoreError: 'restore-error',
  restoreBack: 'restore-back',
  backupStatus: 'backup-status',
  backupLastVerified: 'backup-last-verified',
  backupCreate: 'backup-create',
  backupJob: 'backup-job',
  backupJobError: 'backup-job-error',
  backupVerifyResult: 'backup-verify-result',
  backupError: 'backup-error',
  backupTable: 'backup-table',
  backupRetentionPreview: 'backup-retention-preview',
  backupRestoreModal: 'backup-restore-modal',
  backupRestorePassphrase: 'backup-restore-passphrase',
  backupRestoreInspect: 'backup-restore-inspect',
  backupRestoreInfo: 'backup-restore-info',
  backupRestoreMigration: 'backup-restore-migration',
  backupRestoreConfirm: 'backup-restore-confirm',
  backupRestoreSubmit: 'backup-restore-submit',
  backupRestoreProgress: 'backup-restore-progress',
  backupRestoreError: 'backup-restore-error',
  backupRestoreRelogin: 'backup-restore-relogin',
  backupSettingsFolder: 'backup-settings-folder',
  backupSettingsSchedule: 'backup-settings-schedule',
  backupSettingsTime: 'backup-settings-time',
  backupSettingsDaily: 'backup-settings-daily',
  backupSettingsWeekly: 'backup-settings-weekly',
  backupSettingsMonthly: 'backup-settings-monthly',
  backupSettingsManual: 'backup-settings-manual',
  backupSettingsDr: 'backup-settings-dr',
  backupSettingsSubmit: 'backup-settings-submit',
  backupSettingsError: 'backup-settings-error',

  passwordCurrent: 'password-current',
  passwordNew: 'password-new',
  passwordConfirm: 'password-confirm',
  passwordSubmit: 'password-submit',
} as const;

/** One generated form field per catalog item: field-<itemCode>. */
export const fieldTestId = (itemCode: string): string => `field-${itemCode}`;
export const userUnlockTestId = (username: string): string => `user-unlock-${username}`;
export const userToggleTestId = (username: string): string => `user-toggle-${username}`;
export const syncRequeueTestId = (seq: number): string => `sync-requeue-${seq}`;
export const watchFolderPathTestId = (index: number): string => `watch-folders-path-${index}`;
export const watchFolderResourceTestId = (index: number): string => `watch-folders-resource-${index}`;
export const watchFolderUnitTestId = (index: number): string => `watch-folders-unit-${index}`;
export const watchFolderRemoveTestId = (index: number): string => `watch-folders-remove-${index}`;
export const backupVerifyTestId = (fileName: string): string => `backup-verify-${fileName}`;
export const backupUploadTestId = (fileName: string): string => `backup-upload-${fileName}`;
export const backupRestoreTestId = (fileName: string): string => `backup-restore-${fileName}`;
export const statusTileTestId = (tile: string): string => `status-tile-${tile}`;
export const thresholdTestId = (key: string): string => `threshold-${key}`;

/**
 * For props objects antd forwards to an element (e.g. a Modal's okButtonProps), where a
 * literal 'data-testid' key would not type-check.
 */
export const testId = (id: string): { 'data-testid': string } => ({ 'data-testid': id });
