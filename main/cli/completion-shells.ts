/**
 * The completion script of each shell, from the command words and the id slots (completion.ts).
 * Ids come from `clawkeeper __complete <kind>` when the user presses Tab, so they are current;
 * none is ever written into the script.
 */
import type { CompletionWords, DynamicSlots } from './completion.ts';

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

// In every shell a word starting with `-` where an id may go (`host remove --tag …`) completes as
// an option, not as an id.
function bashKinds(d: DynamicSlots): string {
  const byKind = new Map<string, string[]>();
  for (const p of d.positions)
    byKind.set(p.kind, [...(byKind.get(p.kind) ?? []), quote(`${p.command} ${p.sub}`)]);
  const positions = [...byKind]
    .map(([kind, cases]) => `      ${cases.join('|')}) kind=${kind} ;;`)
    .join('\n');
  const options = d.options.map((o) => `    ${o.option}) kind=${o.kind} ;;`).join('\n');
  return `  case "$prev" in
${options}
  esac
  if [ -z "$kind" ] && [ "$n" -eq 4 ] && [[ $cur != -* ]]; then
    case "\${w[1]} \${w[2]}" in
${positions}
    esac
  fi`;
}

export function bash(words: CompletionWords[], d: DynamicSlots): string {
  const cases = words
    .map((w) => `    ${w.name}) words=${quote([...w.subcommands, ...w.options].join(' '))} ;;`)
    .join('\n');
  return `# clawkeeper bash completion: add to ~/.bashrc
#   source <(clawkeeper completion bash)
_clawkeeper() {
  # words split at spaces only: ids such as profile:/path#anthropic:x hold colons, which bash
  # would split into words of their own
  local line=\${COMP_LINE:0:$COMP_POINT} words='' kind=''
  local -a w
  read -ra w <<<"$line"
  [[ -z $line || $line == *' ' ]] && w+=('')
  local n=\${#w[@]}
  local cur=\${w[n-1]} prev=\${w[n-2]:-}
  if [ "$n" -eq 2 ]; then
    COMPREPLY=($(compgen -W ${quote([...words.map((w) => w.name), '--help', '--version'].join(' '))} -- "$cur"))
    return
  fi
${bashKinds(d)}
  if [ -n "$kind" ]; then
    local IFS=$'\\n'
    COMPREPLY=($(compgen -W "$(clawkeeper __complete "$kind" 2>/dev/null)" -- "$cur"))
    # bash replaces only the part of the word after its last colon
    [[ $cur == *:* ]] && COMPREPLY=("\${COMPREPLY[@]#"\${cur%"\${cur##*:}"}"}")
    return
  fi
  case "\${w[1]}" in
${cases}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _clawkeeper clawkeeper
`;
}

export function zsh(words: CompletionWords[], d: DynamicSlots): string {
  const cases = words
    .map((w) => `    ${w.name}) compadd -- ${[...w.subcommands, ...w.options].map(quote).join(' ')} ;;`)
    .join('\n');
  const described = words.map((w) => quote(`${w.name}:${w.summary.replace(/:/g, '\\:')}`)).join(' ');
  const options = d.options.map((o) => `    ${o.option}) kind=${o.kind} ;;`).join('\n');
  const positions = d.positions
    .map((p) => `      ${quote(`${p.command} ${p.sub}`)}) kind=${p.kind} ;;`)
    .join('\n');
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
  local kind=''
  case $words[CURRENT-1] in
${options}
  esac
  if [[ -z $kind && CURRENT -eq 4 && $words[CURRENT] != -* ]]; then
    case "$words[2] $words[3]" in
${positions}
    esac
  fi
  if [[ -n $kind ]]; then
    local -a ids
    ids=(\${(f)"$(clawkeeper __complete $kind 2>/dev/null)"})
    compadd -- $ids
    return
  fi
  case $words[2] in
${cases}
  esac
}
compdef _clawkeeper clawkeeper
`;
}

export function fish(words: CompletionWords[], d: DynamicSlots): string {
  const lines = [
    '# clawkeeper fish completion: save as ~/.config/fish/completions/clawkeeper.fish',
    '#   clawkeeper completion fish > ~/.config/fish/completions/clawkeeper.fish',
    'complete -c clawkeeper -f',
    "complete -c clawkeeper -n '__fish_use_subcommand' -l help -d 'Show help'",
    "complete -c clawkeeper -n '__fish_use_subcommand' -l version -d 'Show the version'",
  ];
  const optionKind = new Map(d.options.map((o) => [o.option, o.kind]));
  for (const w of words) {
    lines.push(`complete -c clawkeeper -n '__fish_use_subcommand' -a ${w.name} -d ${quote(w.summary)}`);
    const when = `'__fish_seen_subcommand_from ${w.name}'`;
    if (w.subcommands.length > 0)
      lines.push(`complete -c clawkeeper -n ${when} -a ${quote(w.subcommands.join(' '))}`);
    for (const o of w.options) {
      const kind = optionKind.get(o);
      lines.push(
        `complete -c clawkeeper -n ${when} -l ${o.slice(2)}${kind ? ` -r -a '(clawkeeper __complete ${kind} 2>/dev/null)'` : ''}`,
      );
    }
  }
  // the id after `<command> <subcommand>`: exactly two words typed after clawkeeper
  for (const p of d.positions)
    lines.push(
      `complete -c clawkeeper -n 'set -l t (commandline -opc); test (count $t) -eq 3 -a "$t[2]" = ${p.command} -a "$t[3]" = ${p.sub}' -a '(clawkeeper __complete ${p.kind} 2>/dev/null)'`,
    );
  return lines.join('\n') + '\n';
}

export function powershell(words: CompletionWords[], d: DynamicSlots): string {
  const ps = (s: string) => `'${s.replace(/'/g, "''")}'`;
  const list = (xs: readonly string[]) => `@(${xs.map(ps).join(', ')})`;
  const commands = list([...words.map((w) => w.name), '--help', '--version']);
  const perCommand = words
    .map((w) => `    ${ps(w.name)} = ${list([...w.subcommands, ...w.options])}`)
    .join('\n');
  const options = d.options.map((o) => `    ${ps(o.option)} = ${ps(o.kind)}`).join('\n');
  const positions = d.positions.map((p) => `    ${ps(`${p.command} ${p.sub}`)} = ${ps(p.kind)}`).join('\n');
  return `# clawkeeper PowerShell completion: add to your profile ($PROFILE)
#   clawkeeper completion powershell | Out-String | Invoke-Expression
Register-ArgumentCompleter -Native -CommandName clawkeeper, clawkeeper.cmd -ScriptBlock {
  param($wordToComplete, $commandAst, $cursorPosition)
  $perCommand = @{
${perCommand}
  }
  $optionKinds = @{
${options}
  }
  $positionKinds = @{
${positions}
  }
  # the words before the one being completed (the command name first)
  $before = @($commandAst.CommandElements | Where-Object { $_.Extent.EndOffset -lt $cursorPosition -or ($_.Extent.EndOffset -eq $cursorPosition -and $wordToComplete -eq '') } | ForEach-Object { $_.ToString() })
  $n = $before.Count
  $kind = $null
  if ($n -ge 2 -and $optionKinds.ContainsKey($before[$n - 1])) { $kind = $optionKinds[$before[$n - 1]] }
  elseif ($n -eq 3 -and -not $wordToComplete.StartsWith('-') -and $positionKinds.ContainsKey("$($before[1]) $($before[2])")) { $kind = $positionKinds["$($before[1]) $($before[2])"] }
  if ($kind) { $candidates = @(& clawkeeper __complete $kind 2>$null) }
  elseif ($n -le 1) { $candidates = ${commands} }
  elseif ($perCommand.ContainsKey($before[1])) { $candidates = $perCommand[$before[1]] }
  else { $candidates = @() }
  $candidates | Where-Object { $_ -like "$wordToComplete*" } | ForEach-Object {
    [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
  }
}
`;
}
