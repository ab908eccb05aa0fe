/**
 * `clawkeeper completion bash|zsh|fish|powershell`: shell completion scripts built from the
 * command table, so a new command or option completes without touching this file. Commands,
 * subcommands (`link add`, `backup restore`) and options come from each command's usage line;
 * host, agent, link and backup ids come at completion time from `clawkeeper __complete <kind>`
 * (complete-ids.ts), where `DYNAMIC` says they go.
 */
import type { Command } from './command.ts';
import type { IdKind } from './complete-ids.ts';
import { bash, fish, powershell, zsh } from './completion-shells.ts';

export const SHELLS = ['bash', 'zsh', 'fish', 'powershell'] as const;
export type Shell = (typeof SHELLS)[number];

export interface CompletionWords {
  readonly name: string;
  readonly summary: string;
  readonly subcommands: readonly string[];
  readonly options: readonly string[];
}

/** Where ids are completed: after an option, or as the argument of `<command> <subcommand>`. */
export interface DynamicSlots {
  readonly options: ReadonlyArray<{ readonly option: string; readonly kind: IdKind }>;
  readonly positions: ReadonlyArray<{
    readonly command: string;
    readonly sub: string;
    readonly kind: IdKind;
  }>;
}

export const DYNAMIC: DynamicSlots = {
  options: [
    { option: '--agent', kind: 'agents' },
    { option: '--host', kind: 'hosts' },
    // `host tag --add` offers the tags in use too: the usual add is one a sibling host carries
    ...['--tag', '--add', '--remove'].map((option) => ({ option, kind: 'tags' as const })),
  ],
  positions: [
    ...['remove', 'tag', 'status', 'doctor', 'install-service', 'copy'].map((sub) => ({
      command: 'host',
      sub,
      kind: 'hosts' as const,
    })),
    { command: 'link', sub: 'remove', kind: 'links' },
    { command: 'backup', sub: 'restore', kind: 'backups' },
  ],
};

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

/** The completion script for `shell`. */
export function completionScript(shell: Shell, commands: readonly Command[]): string {
  const words = completionWords(commands);
  const make = { bash, zsh, fish, powershell }[shell];
  return make(words, DYNAMIC);
}
