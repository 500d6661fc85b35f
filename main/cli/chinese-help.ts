// Commander speaks English in its own frame: "Usage:", "Options:", "display help for
// command", "error: unknown option". County IT in a township reads Chinese, so every word of
// that frame is replaced here, on every command of the tree (also commands registered from
// other files, which may not inherit settings from their parent).
import { Help, type Command, type Option } from 'commander';
import { displayWidth } from './print';

// eslint-disable-next-line no-control-regex -- colour codes, which take no cells
const ANSI_STYLE = /\x1b\[\d*(;\d*)*m/g;

const TITLES: Record<string, string> = {
  'Usage:': '用法：',
  'Arguments:': '参数：',
  'Options:': '选项：',
  'Global Options:': '全局选项：',
  'Commands:': '命令：',
};

/** `[options]` and `[command]` in a usage line; argument names are written in Chinese where they are declared. */
const usageWords = (text: string) => text.replace(/\[options\]/g, '[选项]').replace(/\[command\]/g, '[命令]');

/** A default or a choice as typed at the shell: strings without JSON quotes. */
const shown = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

function extras(parts: { choices?: readonly string[] | undefined; defaultValue?: unknown; defaultDescription?: string | undefined; showDefault: boolean; env?: string | undefined }): string[] {
  const out: string[] = [];
  if (parts.choices) out.push(`可选：${parts.choices.join('、')}`);
  if (parts.showDefault && parts.defaultValue !== undefined) out.push(`默认：${parts.defaultDescription ?? shown(parts.defaultValue)}`);
  if (parts.env) out.push(`环境变量：${parts.env}`);
  return out;
}

const withExtras = (description: string, more: string[]) => (more.length === 0 ? description : `${description}（${more.join('；')}）`.trim());

const CJK = '\\u2e80-\\u9fff\\uf900-\\ufaff';
/** Punctuation that must not start a line: it stays with the character before it. */
const TRAILING = '，。、；：）」”！？》】';
/** Punctuation that must not end a line: it goes with the character after it. */
const OPENING = '（「“《【';
/** A Chinese character, or a run of other non-space text, with the punctuation that clings to it. */
const CHUNK = new RegExp(`\\s*[${OPENING}]*(?:[${CJK}]|[^\\s${CJK}${OPENING}${TRAILING}]+)[${TRAILING}]*|\\s*[${OPENING}${TRAILING}]+`, 'g');

/** Commander's wrapping breaks only at spaces; Chinese text has none, so it may break between characters too. */
function boxWrap(this: Help, text: string, width: number): string {
  if (width < this.minWidthToWrap) return text;
  const lines: string[] = [];
  for (const raw of text.split(/\r\n|\n/)) {
    let line = '';
    for (const chunk of raw.match(CHUNK) ?? []) {
      if (line && this.displayWidth(line + chunk) > width) {
        lines.push(line);
        line = chunk.trimStart();
      } else {
        line += chunk;
      }
    }
    lines.push(line);
  }
  return lines.join('\n');
}

const helpConfiguration = {
  boxWrap,
  styleTitle: (title: string) => TITLES[title] ?? title,
  // Columns line up only if Chinese characters count as the two cells a terminal draws.
  displayWidth: (text: string) => displayWidth(text.replace(ANSI_STYLE, '')),
  commandUsage(this: Help, cmd: Command) {
    return usageWords(Help.prototype.commandUsage.call(this, cmd));
  },
  subcommandTerm(this: Help, cmd: Command) {
    return usageWords(Help.prototype.subcommandTerm.call(this, cmd));
  },
  optionDescription(option: Option) {
    // Commander shows a default only for options that take a value (as it does itself).
    const showDefault = option.required || option.optional;
    return withExtras(option.description, extras({ choices: option.argChoices, defaultValue: option.defaultValue, defaultDescription: option.defaultValueDescription, showDefault, env: option.envVar }));
  },
  argumentDescription(argument: { description: string; argChoices?: string[] | undefined; defaultValue?: unknown; defaultValueDescription?: string | undefined }) {
    return withExtras(argument.description, extras({ choices: argument.argChoices, defaultValue: argument.defaultValue, defaultDescription: argument.defaultValueDescription, showDefault: true }));
  },
};

/** Commander's error messages (v14 wording), each to its Chinese; the `error: ` prefix last. */
const ERRORS: [RegExp, (...groups: string[]) => string][] = [
  [/^error: unknown option '([^']*)'/, (flag) => `错误：没有选项 ${flag}`],
  [/^error: unknown command '([^']*)'/, (name) => `错误：没有「${name}」这个命令`],
  [/^error: missing required argument '([^']*)'/, (name) => `错误：缺少参数 <${name}>`],
  [/^error: option '([^']*)' argument missing/, (flags) => `错误：选项 ${flags} 后面需要一个值`],
  [/^error: required option '([^']*)' not specified/, (flags) => `错误：缺少必填选项 ${flags}`],
  [/^error: too many arguments(?: for '([^']*)')?\. Expected (\d+) arguments? but got (\d+)\./, (_name, expected, got) => `错误：参数太多：应有 ${expected} 个，给了 ${got} 个`],
  [/^error: option '([^']*)' argument '([^']*)' is invalid\.(?: Allowed choices are (.*)\.)?/, (flags, value, choices) => `错误：选项 ${flags} 的值「${value}」无效${choices ? `，可选：${choices.split(', ').join('、')}` : ''}`],
  [/^error: option '([^']*)' value '([^']*)' from env '([^']*)' is invalid\./, (flags, value, env) => `错误：环境变量 ${env} 给选项 ${flags} 的值「${value}」无效`],
  [/^error: command-argument value '([^']*)' is invalid for argument '([^']*)'\./, (value, name) => `错误：参数 <${name}> 的值「${value}」无效`],
  [/^error: (.*) cannot be used with (.*)/, (a, b) => `错误：${a} 不能与 ${b} 同时使用`],
];

/** Translates one message commander writes to stderr; "Did you mean …?" becomes a Chinese hint. */
export function chineseError(text: string): string {
  const [first = '', ...rest] = text.replace(/\n$/, '').split('\n');
  let line = first;
  for (const [pattern, say] of ERRORS) {
    const match = pattern.exec(first);
    if (match) {
      line = say(...match.slice(1).map((g) => g ?? ''));
      break;
    }
  }
  line = line.replace(/^error: /, '错误：');
  const hints = rest.map((r) => r.replace(/^\(Did you mean one of (.*)\?\)$/, (_m, list: string) => `（是不是要输入以下之一：${list.split(', ').join('、')}？）`).replace(/^\(Did you mean (.*)\?\)$/, '（是不是要输入 $1？）'));
  return `${[line, ...hints].join('\n')}\n`;
}

/** Applies the Chinese frame to a command and every command under it. */
export function speakChinese(command: Command): void {
  command.configureHelp(helpConfiguration);
  command.helpOption('-h, --help', '显示帮助');
  if (command.commands.length > 0) command.helpCommand('help [命令]', '显示某个命令的帮助');
  command.configureOutput({ outputError: (text, write) => write(chineseError(text)) });
  for (const sub of command.commands) speakChinese(sub);
}
