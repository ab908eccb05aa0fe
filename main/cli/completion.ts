/**
 * `clawkeeper completion bash|zsh|fish`: shell completion scripts built from the command
 * table, so a new command or option completes without touching this file. Commands,
 * subcommands (`link add`, `backup restore`) and options come from each command's usage line.
 */
import type { Command } from './command.ts';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export interface CompletionWords {
  readonly name: string;
  readonly summary: string;
  readonly subcommands: readonly string[];
  readonly options: readonly string[];
}

const GLOBAL: CompletionWords[] = [
  { name: 'help', summary: 'Show help for clawkeeper or one command', subcommands: [], options: [] },
  { name: 'completion', summary: 'Print a shell completion script', subcommands: [...SHELLS], options: [] },
];

/** Subcommands and options of each command, read from its usage line and help text. */
export function completionWords(commands: readonly Command[]): CompletionWords[] {
  const words = commands.map((c) => {
    const subcommands = new Set<string>();
    for (const segment of c.usage.split(' | ')) {
      const [first, second] = segment.trim().split(/\s+/);
      const sub = first === c.name ? second : first;
      if (sub !== undefined && /^[a-z][a-z|-]*$/.test(sub))
        for (const s of sub.split('|')) subcommands.add(s);
    }
    const options = new Set([...c.usage.matchAll(/(?<![\w-])--[a-z][a-z-]*/g)].map((m) => m[0]));
    options.add('--help');
    return {
      name: c.name,
      summary: c.summary.split('\n')[0]?.trim() ?? '',
      subcommands: [...subcommands],
      options: [...options].sort(),
    };
  });
  const help = GLOBAL[0];
  return [
    ...words,
    { ...help, subcommands: words.map((w) => w.name) } as CompletionWords,
    GLOBAL[1] as CompletionWords,
  ];
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function bash(words: CompletionWords[]): string {
  const cases = words
    .map((w) => `    ${w.name}) words=${quote([...w.subcommands, ...w.options].join(' '))} ;;`)
    .join('\n');
  return `# clawkeeper bash completion: add to ~/.bashrc
#   source <(clawkeeper completion bash)
_clawkeeper() {
  local cur=\${COMP_WORDS[COMP_CWORD]} words=''
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W ${quote([...words.map((w) => w.name), '--help', '--version'].join(' '))} -- "$cur"))
    return
  fi
  case "\${COMP_WORDS[1]}" in
${cases}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _clawkeeper clawkeeper
`;
}

function zsh(words: CompletionWords[]): string {
  const cases = words
    .map((w) => `    ${w.name}) compadd -- ${[...w.subcommands, ...w.options].map(quote).join(' ')} ;;`)
    .join('\n');
  const described = words.map((w) => quote(`${w.name}:${w.summary.replace(/:/g, '\\:')}`)).join(' ');
  return `# clawkeeper zsh completion: add to ~/.zshrc (after compinit)
#   source <(clawkeeper completion zsh)
_clawkeeper() {
  if (( CURRENT == 2 )); then
    local -a cmds
    cmds=(${described})
    _describe 'command' cmds
    compadd -- --help --version
    return
  fi
  case $words[2] in
${cases}
  esac
}
compdef _clawkeeper clawkeeper
`;
}

function fish(words: CompletionWords[]): string {
  const lines = [
    '# clawkeeper fish completion: save as ~/.config/fish/completions/clawkeeper.fish',
    '#   clawkeeper completion fish > ~/.config/fish/completions/clawkeeper.fish',
    'complete -c clawkeeper -f',
    "complete -c clawkeeper -n '__fish_use_subcommand' -l help -d 'Show help'",
    "complete -c clawkeeper -n '__fish_use_subcommand' -l version -d 'Show the version'",
  ];
  for (const w of words) {
    lines.push(`complete -c clawkeeper -n '__fish_use_subcommand' -a ${w.name} -d ${quote(w.summary)}`);
    const when = `'__fish_seen_subcommand_from ${w.name}'`;
    if (w.subcommands.length > 0)
      lines.push(`complete -c clawkeeper -n ${when} -a ${quote(w.subcommands.join(' '))}`);
    for (const o of w.options) lines.push(`complete -c clawkeeper -n ${when} -l ${o.slice(2)}`);
  }
  return lines.join('\n') + '\n';
}

/** The completion script for `shell`. */
export function completionScript(shell: Shell, commands: readonly Command[]): string {
  const words = completionWords(commands);
  return shell === 'bash' ? bash(words) : shell === 'zsh' ? zsh(words) : fish(words);
}
