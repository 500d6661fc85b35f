// Whether the person has asked the system for less motion (Windows: 设置 → 辅助功能 → 视觉效果 →
// 动画效果 off; the browser's prefers-reduced-motion). antd's zooming dialogs and sliding
// drawers then appear and disappear at once. Followed live: the setting can change while the
// app is open.
import { useEffect, useState } from 'react';

const QUERY = '(prefers-reduced-motion: reduce)';

export function usePrefersReducedMotion(): boolean {
  const [reduced, setReduced] = useState(() => window.matchMedia?.(QUERY).matches ?? false);
  useEffect(() => {
    const media = window.matchMedia?.(QUERY);
    if (!media) return;
    const follow = () => setReduced(media.matches);
    media.addEventListener('change', follow);
    return () => media.removeEventListener('change', follow);
  }, []);
  return reduced;
}
