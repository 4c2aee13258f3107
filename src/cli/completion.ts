/**
 * Shell completion scripts for bash, zsh and fish, written from the program's own commands and options,
 * so that a new command or option completes without touching this file.
 */

/** What completion needs of a command-line program (a commander `Command` has all of it). */
export interface CompletionSource {
  name(): string;
  description(): string;
  readonly commands: readonly CompletionSource[];
  readonly options: readonly {
    /** As declared: `-o, --out <dir>`; a value named file, dir, path or out completes paths. */
    readonly flags: string;
    readonly short?: string | undefined;
    readonly long?: string | undefined;
    readonly description: string;
    readonly hidden: boolean;
    readonly required: boolean;
    readonly optional: boolean;
    readonly argChoices?: readonly string[] | undefined;
  }[];
}

/** The shells `auspices completion` writes for. */
export const shells = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof shells)[number];

interface Flag {
  readonly names: readonly string[];
  readonly description: string;
  /** Whether the flag takes a value, and its choices when it has a fixed set. */
  readonly takesValue: boolean;
  readonly choices: readonly string[];
  /** Whether the value is a path. */
  readonly path: boolean;
}

interface Sub {
  readonly name: string;
  readonly description: string;
  readonly flags: readonly Flag[];
}

/** Names and descriptions only: what completion offers must not carry shell syntax. */
const plain = (text: string) =>
  Array.from(text, (c) => (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f ? ' ' : c))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
const safeName = (name: string) => /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name);

function flagsOf(cmd: CompletionSource): Flag[] {
  return cmd.options
    .filter((o) => !o.hidden)
    .map((o) => ({
      names: [o.short, o.long].filter((n): n is string => n !== undefined && /^--?[A-Za-z0-9-]+$/.test(n)),
      description: plain(o.description),
      takesValue: o.required || o.optional,
      choices: (o.argChoices ?? []).filter(safeName),
      path: /<[^>]*(file|dir|path|out|save)[^>]*>|\[[^\]]*(file|dir|path)[^\]]*\]/i.test(o.flags),
    }))
    .filter((f) => f.names.length > 0);
}

const helpFlag: Flag = {
  names: ['-h', '--help'],
  description: 'display help',
  takesValue: false,
  choices: [],
  path: false,
};

function model(program: CompletionSource): { top: Flag[]; subs: Sub[] } {
  const subs = program.commands
    .filter((c) => safeName(c.name()))
    .map((c) => ({ name: c.name(), description: plain(c.description()), flags: [...flagsOf(c), helpFlag] }));
  return { top: [...flagsOf(program), helpFlag], subs };
}

/** A word inside single quotes, for bash, zsh and fish alike. */
const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

function bash(name: string, { top, subs }: ReturnType<typeof model>): string {
  const words = (flags: readonly Flag[]) => flags.flatMap((f) => f.names).join(' ');
  const valueCases = subs.flatMap((s) =>
    s.flags
      .filter((f) => f.takesValue)
      .map(
        (f) =>
          `    ${s.name}\\ ${f.names.join(`|${s.name}\\ `)})\n      ${
            f.choices.length
              ? `COMPREPLY=($(compgen -W ${quote(f.choices.join(' '))} -- "$cur"))`
              : f.path
                ? 'COMPREPLY=($(compgen -f -- "$cur"))'
                : 'COMPREPLY=()'
          }\n      return ;;`,
      ),
  );
  const optionCases = subs.map((s) => `    ${s.name}) opts=${quote(words(s.flags))} ;;`);
  const fn = `_${name.replace(/[^A-Za-z0-9]/g, '_')}`;
  return `# ${name} completion for bash. Load it with:
#   source <(${name} completion bash)
# or save it as ~/.local/share/bash-completion/completions/${name}
${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" cmd="\${COMP_WORDS[1]}" opts=''
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W ${quote(`${subs.map((s) => s.name).join(' ')} ${words(top)}`)} -- "$cur"))
    return
  fi
  case "$cmd $prev" in
${valueCases.join('\n')}
  esac
  case "$cmd" in
${optionCases.join('\n')}
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F ${fn} ${name}
`;
}

/** Text inside an `_arguments` spec: brackets and colons are syntax there. */
const zshText = (text: string) => text.replace(/[[\]:\\]/g, (c) => `\\${c}`);

function zsh(name: string, { top, subs }: ReturnType<typeof model>): string {
  const spec = (f: Flag) => {
    const action = f.choices.length ? `(${f.choices.join(' ')})` : f.path ? '_files' : ' ';
    const value = f.takesValue ? `:value:${action}` : '';
    const rest = `[${zshText(f.description)}]${value}`.replace(/'/g, `'\\''`);
    // Several names: '(-s --seed)'{-s,--seed}'[...]', the braces outside the quotes.
    return f.names.length > 1
      ? `'(${f.names.join(' ')})'{${f.names.join(',')}}'${rest}'`
      : `'${f.names[0]}${rest}'`;
  };
  const cases = subs.map(
    (s) => `    ${s.name})\n      _arguments -s ${s.flags.map(spec).join(' ')} '*:file:_files' ;;`,
  );
  const fn = `_${name.replace(/[^A-Za-z0-9]/g, '_')}`;
  return `#compdef ${name}
# ${name} completion for zsh. Load it with:
#   source <(${name} completion zsh)
# or save it as _${name} in a folder of your $fpath
${fn}() {
  local -a commands
  commands=(${subs.map((s) => quote(`${s.name}:${s.description.replace(/:/g, '\\:')}`)).join(' ')})
  if (( CURRENT == 2 )); then
    _describe -t commands command commands
    _arguments -s ${top.map(spec).join(' ')}
    return
  fi
  shift words
  (( CURRENT-- ))
  case $words[1] in
${cases.join('\n')}
  esac
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  ${fn} "$@"
else
  compdef ${fn} ${name}
fi
`;
}

function fish(name: string, { top, subs }: ReturnType<typeof model>): string {
  const all = subs.map((s) => s.name).join(' ');
  const flag = (f: Flag, condition: string) => {
    const parts = f.names.map((n) => (n.startsWith('--') ? `-l ${n.slice(2)}` : `-s ${n.slice(1)}`));
    const value = f.takesValue
      ? f.choices.length
        ? ` -x -a ${quote(f.choices.join(' '))}`
        : f.path
          ? ' -r -F'
          : ' -x'
      : '';
    return `complete -c ${name} -n ${quote(condition)} ${parts.join(' ')}${value} -d ${quote(f.description)}`;
  };
  const lines = [
    `# ${name} completion for fish. Load it with:`,
    `#   ${name} completion fish | source`,
    `# or save it as ~/.config/fish/completions/${name}.fish`,
    `complete -c ${name} -f`,
    ...subs.map(
      (s) =>
        `complete -c ${name} -n ${quote(`not __fish_seen_subcommand_from ${all}`)} -a ${s.name} -d ${quote(s.description)}`,
    ),
    ...top.map((f) => flag(f, `not __fish_seen_subcommand_from ${all}`)),
    ...subs.flatMap((s) => [
      ...s.flags.map((f) => flag(f, `__fish_seen_subcommand_from ${s.name}`)),
      `complete -c ${name} -n ${quote(`__fish_seen_subcommand_from ${s.name}`)} -F`,
    ]),
  ];
  return `${lines.join('\n')}\n`;
}

/** The completion script of a program for a shell. */
export function completionScript(program: CompletionSource, shell: Shell): string {
  const name = program.name();
  if (!safeName(name))
    throw new Error(`auspices: completion: "${name}" is not a command name a shell can complete`);
  const m = model(program);
  if (shell === 'bash') return bash(name, m);
  if (shell === 'zsh') return zsh(name, m);
  return fish(name, m);
}
