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
//           menu-register, menu-records, menu-users, menu-audit, menu-status
// Register: resource-select, resource-info, field-<itemCode> (one per catalog item),
//           record-submit, record-reset, record-saved (shows the new record id), form-errors
// Records:  records-resource-filter, records-search, records-search-button,
//           records-back-to-list, records-table
// Detail:   record-drawer, record-fields, record-history, record-correct, record-withdraw,
//           correct-reason, correct-submit, withdraw-reason, withdraw-confirm
// Users:    users-table, users-create, user-username, user-name, user-role, user-unit,
//           user-password, user-password-confirm, user-create-submit,
//           user-unlock-<username>, user-toggle-<username>
// Audit:    audit-table, audit-verify, audit-verify-result
// Status:   status-node, status-resources
// Password: password-current, password-new, password-confirm, password-submit

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

  auditTable: 'audit-table',
  auditVerify: 'audit-verify',
  auditVerifyResult: 'audit-verify-result',

  statusNode: 'status-node',
  statusResources: 'status-resources',

  passwordCurrent: 'password-current',
  passwordNew: 'password-new',
  passwordConfirm: 'password-confirm',
  passwordSubmit: 'password-submit',
} as const;

/** One generated form field per catalog item: field-<itemCode>. */
export const fieldTestId = (itemCode: string): string => `field-${itemCode}`;
export const userUnlockTestId = (username: string): string => `user-unlock-${username}`;
export const userToggleTestId = (username: string): string => `user-toggle-${username}`;

/**
 * For props objects antd forwards to an element (e.g. a Modal's okButtonProps), where a
 * literal 'data-testid' key would not type-check.
 */
export const testId = (id: string): { 'data-testid': string } => ({ 'data-testid': id });
