// Calm, government-appropriate look: antd's default theme with a restrained blue and the
// CJK font the appliance ships with first (Noto Sans CJK SC on Linux, YaHei on Windows).
import type { ThemeConfig } from 'antd';

export const FONT_STACK = [
  '"Noto Sans CJK SC"',
  '"Noto Sans SC"',
  '"Source Han Sans SC"',
  '"Microsoft YaHei"',
  '"PingFang SC"',
  'system-ui',
  '-apple-system',
  '"Segoe UI"',
  'Roboto',
  '"Helvetica Neue"',
  'Arial',
  'sans-serif',
].join(', ');

export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1a5fb4',
    // antd derives pale backgrounds from the primary; from a muted blue they come out grey,
    // so the light tints are given explicitly.
    colorPrimaryBg: '#e8f0fa',
    colorInfoBg: '#eef4fb',
    colorInfoBorder: '#c6d9f0',
    borderRadius: 4,
    fontFamily: FONT_STACK,
  },
  components: {
    Layout: { headerBg: '#ffffff', siderBg: '#ffffff', bodyBg: '#f3f5f8', headerPadding: '0 24px' },
    Menu: { itemSelectedBg: '#e8f0fa' },
  },
};
