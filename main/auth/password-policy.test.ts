// The password rule costs the process zxcvbn's dictionaries (≈ 15–20 MB), so the core loads it
// only when a secret is judged: a node that registers and syncs all day never carries it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

const url = (path: string) => new URL(path, import.meta.url).href;

test('the core starts without the password rule and loads it for the first password it judges', () => {
  // A fresh process: what the core's own modules load, not what other tests loaded.
  const script = `
    import { createRequire } from 'node:module';
    const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((file) => file.includes('@zxcvbn-ts'));
    await import(${JSON.stringify(url('../core/open-node.ts'))});
    const atStart = loaded();
    const { checkPasswordStrength } = await import(${JSON.stringify(url('./password-policy.ts'))});
    const verdict = await checkPasswordStrength('zhangsan123', { username: 'zhangsan', displayName: '张三', unit: '某某镇人民政府' });
    console.log(JSON.stringify({ atStart, afterJudging: loaded(), verdict }));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 120_000 });
  const result = JSON.parse(out.trim().split('\n').at(-1)!) as { atStart: boolean; afterJudging: boolean; verdict: string | null };
  assert.equal(result.atStart, false, 'zxcvbn was loaded with the core');
  assert.equal(result.afterJudging, true);
  assert.match(result.verdict ?? '', /密码/, 'a password built from the account name is refused');
});
