// Roles and who may call what: every channel names its access with these.
import { z } from 'zod';

export const ROLES = ['clerk', 'operator', 'admin', 'auditor', 'official'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** Who may call a channel: nobody logged in yet (setup, login), any session, or listed roles. */
export type Access = 'public' | 'session' | readonly Role[];

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  clerk: { zh: '录入员', en: 'Clerk' },
  operator: { zh: '运维员', en: 'Operator' },
  admin: { zh: '系统管理员', en: 'Administrator' },
  auditor: { zh: '审计员', en: 'Auditor' },
  official: { zh: '领导', en: 'Official' },
};
