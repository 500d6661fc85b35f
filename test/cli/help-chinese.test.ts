// County IT in a township reads the CLI's help and its complaints in Chinese: commander's own
// frame (Usage/Options/Commands, "display help for command", "error: unknown option") too.
// Allowed in the text: option and command names, environment variables, acronyms and
// formats (XLSX, CSV, JSON, PEM…), paths and addresses, values to type that are explained
// by their Chinese name ("clerk（录入员）", "成功（success）") or listed as choices (<on|off>),
// and what the person typed, quoted back in 「」.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { buildProgram } from '../../main/cli/commands';
import { SHARED_FOLDER_LINE } from '../../main/cli/node-busy';
import { cliRunner } from '../support/cli-run';

/** Words a person may meet that are not Chinese but are what they type or a format's name. */
const TECHNICAL = new Set(['npm', 'run', 'Excel', 'Lines', 'KiB', 'on', 'off']);

function everyCommand(command: Command): Command[] {
  return [command, ...command.commands.flatMap(everyCommand)];
}

const program = buildProgram();
const commands = everyCommand(program);
// `help` is commander's own help command, made only when it is used.
const names = new Set([...commands.flatMap((c) => [c.name(), ...c.aliases()]), 'help']);

/** The English words left in `text` once the allowed kinds of token are taken out. */
function englishWords(text: string): string[] {
  const left = text
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/\bedge-node\b/g, ' ')
    .replace(/[!-~]*(?:[/\\]|\.[A-Za-z0-9]|:[!-~])[!-~]*/g, ' ') // paths, file names, dotted codes, HH:MM (ASCII runs only: Chinese around them stays checked)
    .replace(/<[^<>]*\|[^<>]*>/g, ' ') // <on|off>: the values themselves
    .replace(/\b[a-z]+-(?=<)/g, ' ') // a file or folder name with a placeholder: replaced-<时间>
    .replace(/--?[a-z][a-z0-9-]*/g, ' ') // option names
    .replace(/\$?\b[A-Z][A-Z0-9_#-]*\b/g, ' ') // acronyms and environment variables
    .replace(/\b[a-z][a-z0-9]*(?=（)/g, ' ') // a value followed by its Chinese name: clerk（录入员）
    .replace(/（[a-z][a-z0-9]*）/g, ' ') // or after it: 成功（success）
    .replace(/「[^」]*」/g, ' '); // what the person typed, quoted back
  return (left.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !names.has(w) && !TECHNICAL.has(w));
}

test('the help of every command is Chinese, frame included', () => {
  assert.ok(commands.length > 40, `only ${commands.length} commands found`);
  for (const command of commands) {
    const help = command.helpInformation();
    const path = command.parent ? `${command.parent.name()} ${command.name()}` : command.name();
    assert.doesNotMatch(help, /Usage|Options|Commands|Arguments|display help|default:|choices:/, `${path}: commander's English frame`);
    assert.deepEqual(englishWords(help), [], `${path}: English in the help:\n${help}`);
  }
  // The checker itself finds what it is meant to find.
  assert.deepEqual(englishWords('Usage: edge-node [options] --as <username>  Options: display help for command'), ['Usage', 'options', 'username', 'Options', 'display', 'for', 'command']);
});

test('--help says in one line that the CLI shares the data folder with the app and serve, and what to do', () => {
  const root = mkdtempSync(join(tmpdir(), 'edge-node-cli-help-'));
  try {
    const { cli } = cliRunner(root);
    const help = cli(['--help']);
    assert.equal(help.code, 0, help.err);
    assert.ok(help.out.split('\n').includes(SHARED_FOLDER_LINE), help.out);
    assert.match(SHARED_FOLDER_LINE, /桌面程序.*edge-node serve.*http:\/\/127\.0\.0\.1:8717.*停止/);
    assert.match(help.out, /^用法： edge-node \[选项\] \[命令\]/);
    assert.match(help.out, /-h, --help\s+显示帮助/);
    assert.match(help.out, /help \[命令\]\s+显示某个命令的帮助/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('commander’s complaints are Chinese: unknown option or command, missing argument or value, too many arguments', () => {
  const root = mkdtempSync(join(tmpdir(), 'edge-node-cli-help-'));
  try {
    const { cli } = cliRunner(root);
    for (const [args, message] of [
      [['records', 'list', '--as', 'clerk', '--bogus'], /^错误：没有选项 --bogus$/m],
      [['recods'], /^错误：没有「recods」这个命令\n（是不是要输入 records？）/m],
      [['records', 'show', '--as', 'clerk'], /^错误：缺少参数 <记录编号>$/m],
      [['records', 'list'], /^错误：缺少必填选项 --as <用户名>$/m],
      [['records', 'list', '--as'], /^错误：选项 --as <用户名> 后面需要一个值$/m],
      [['records', 'show', 'a', 'b', '--as', 'clerk'], /^错误：参数太多：应有 1 个，给了 2 个$/m],
      [['user', 'add', '--as', 'admin', '--username', 'x1', '--name', '甲', '--unit', '镇', '--role', 'boss'], /^错误：--role 应为 clerk（录入员）、.*之一，收到「boss」$/m],
    ] as const) {
      const run = cli([...args]);
      assert.equal(run.code, 1, `${args.join(' ')}: ${run.out}`);
      assert.match(run.err, message, args.join(' '));
      assert.deepEqual(englishWords(run.err), [], `${args.join(' ')}: English in\n${run.err}`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
