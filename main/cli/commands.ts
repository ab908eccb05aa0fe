import type { Command } from './command.ts';

/**
 * Every `clawkeeper` command, in the order `--help` lists them. Names, usage lines and summaries
 * are here, static, so `--help` and `completion` load nothing else; each command's code is
 * imported only when that command runs (a `status` never loads locks, chokidar or ssh).
 */
const lazy =
  <M>(load: () => Promise<M>, pick: (m: M) => Command['run']): Command['run'] =>
  async (args, io) =>
    pick(await load())(args, io);

export const HOST_USAGE =
  'host add NAME DESTINATION|--docker C|--compose S|--podman C|--kubectl [NS/]POD [--tag T] | list | tag NAME [--add T] [--remove T] | remove NAME|--tag T --yes | status [NAME] | doctor NAME | install-service NAME | copy NAME';

export const COMMANDS: readonly Command[] = [
  {
    name: 'status',
    usage: 'status [--json] [--check] [--agent ID] [--probe]',
    summary: `Find every Claude Code login and OpenClaw profile on this machine and judge its health.
    --json    one JSON object (schema clawkeeper.status/1), no token values
    --check   exit 0 when all ok, 2 when something needs attention (expiring, stale copy, OpenClaw
              cooldown, a warning finding), 1 when something is broken (expired, rejected,
              misconfigured, unreadable, an error finding) or nothing was found
    --agent   show only this OpenClaw agent (everything is still checked)
    --probe   ask Anthropic whether each token is still accepted (GET /v1/models; no tokens used)`,
    run: lazy(
      () => import('./commands/status.ts'),
      (m) => m.runStatus,
    ),
  },
  {
    name: 'doctor',
    usage: 'doctor [--json] [--fix] [--dry-run]',
    summary: `Explain every finding (config mode vs stored type, damaged tokens, dangling order entries,
    permissions, retired stores, …) with its impact and the fix.
    --fix      apply the automatic fixes (OpenClaw's lock, a backup of every file first), then check again
    --dry-run  show the plan only; nothing is written
    Exit codes: 0 no errors left, 1 errors remain, 2 only warnings remain.`,
    run: lazy(
      () => import('./commands/doctor.ts'),
      (m) => m.runDoctor,
    ),
  },
  {
    name: 'paste-token',
    usage:
      'paste-token [--install LABEL] [--agent ID]... [--profile-id ID] [--expires-in 365d|12h|never] [--verify] [--as-api-key] [--json] [--host NAME|--tag T [--dry-run] [--no-reload]]',
    summary: `Store a \`claude setup-token\` token where OpenClaw reads it. The token is read from stdin
    (pipe it) or from a hidden prompt, never from the command line. JSON stores are written
    directly (lock, backup, 0600); SQLite stores (2026.6.5+) through \`openclaw models auth paste-token\`.
    --agent      repeatable; default every agent of the install
    --profile-id default anthropic:manual     --expires-in default 365d
    --verify     check the token live first (CLAWKEEPER_API_BASE or settings api.base)
    --as-api-key store a Console API key (sk-ant-api03-…) as type api_key
    --host       store it on a remote host over ssh (token on ssh's stdin only), then reload there;
                 --dry-run shows the commands first, --no-reload skips the reload
    --tag        the same on every host carrying each tag given (read once, sent host by host;
                 --json: one clawkeeper.paste-token/1 line per host)
    Exit codes: 0 stored, 1 refused or failed, 64 usage error.`,
    run: lazy(
      () => import('./commands/paste-token.ts'),
      (m) => m.runPasteToken,
    ),
  },
  {
    name: 'sync',
    usage: 'sync [--json]',
    summary: `One pass: refresh Claude Code's login if it is due, copy it into every link, print what happened.
    Exit codes as \`status --check\` after the pass.`,
    run: lazy(
      () => import('./keeper-pass.ts'),
      (m) => (args, io) => m.onePass(args, io, 'sync'),
    ),
  },
  {
    name: 'refresh',
    usage: 'refresh [--force] [--json]',
    summary: `Refresh Claude Code's login now if it is within the lead time (--force: regardless), through
    Claude Code's own lock protocol. Exit 0 done or not due, 1 rejected (log in again) or no login,
    75 temporary failure (try later).`,
    run: lazy(
      () => import('./keeper-pass.ts'),
      (m) => (args, io) => m.onePass(args, io, 'refresh'),
    ),
  },
  {
    name: 'watch',
    usage: 'watch [--json]',
    summary: `The daemon in the foreground: watch the stores, refresh before expiry, keep links in step.
    One line per event (--json: one JSON object per line), also per copy sent to a host
    (host copy --keep). Runs the alert channels unless the tray app already does.
    Stops cleanly on SIGINT/SIGTERM.`,
    run: lazy(
      () => import('./commands/watch.ts'),
      (m) => m.runWatch,
    ),
  },
  {
    name: 'link',
    usage:
      'link list [--json] | link add (--agent ID [--install L] [--profile-id ID] [--full] | --dotenv PATH [--var NAME] | --oauth-json [--install L]) [--replace] | link remove ID',
    summary: `Targets that receive Claude Code's login. A target gets a \`token\` copy of the current access token
    (OpenClaw cannot spend a refresh token it does not have); --full copies the refresh token too, which
    lets OpenClaw and Claude Code rotate it and log each other out: only for a host with no Claude Code. A target must be empty or already a copy of this login;
    one holding an API key, a setup-token or another login is refused unless --replace (backup first).`,
    run: lazy(
      () => import('./commands/link.ts'),
      (m) => m.runLink,
    ),
  },
  {
    name: 'service',
    usage: 'service install|uninstall|status [--no-start]',
    summary: `Run \`clawkeeper watch\` at login, restarted on failure: a systemd user unit (Linux), a LaunchAgent
    (macOS) or a Task Scheduler task (Windows). --no-start only writes the file.`,
    run: lazy(
      () => import('./commands/service.ts'),
      (m) => m.runService,
    ),
  },
  {
    name: 'backup',
    usage: 'backup list [--json] | backup restore ID',
    summary: `Every file Clawkeeper changes is copied first to <data dir>/backups (0700, files 0600).
    list      id, time, file and reason of every backup, oldest first; "protected" ones (a file's
              first backup, and those taken before a fix, paste, replace or restore) are always
              kept, the others per file: the last 10 and all from the last 30 days
    restore   put the saved bytes back exactly; the current bytes are backed up first
    Exit codes: 0 ok, 1 no such backup or restore failed, 64 usage error.`,
    run: lazy(
      () => import('./commands/backup.ts'),
      (m) => m.runBackup,
    ),
  },
  {
    name: 'host',
    usage: HOST_USAGE,
    summary: `Remote gateways over ssh (your OpenSSH client, keys, agent, ssh_config and known_hosts), or in a
    container reached with its engine's exec (no sshd inside).
    add NAME DESTINATION [--clawkeeper PATH] [--openclaw PATH] [--tag T]…   DESTINATION: user@server, ssh://user@server:port or an alias
    add NAME --docker CONTAINER | --podman CONTAINER | --compose SERVICE [--compose-dir DIR] | --kubectl [NAMESPACE/]POD [--kube-container C]
    list [--json] [--tag T]
    tag NAME [--add T]… [--remove T]… [--json]   change a host's tags in place (neither: show them)
    remove NAME | --tag T --yes         by tag only with --yes (without it: which hosts it would remove)
    --tag T instead of a NAME, here, below and in paste-token: the hosts carrying every tag given
    (several --tag narrow); a tag no host carries is an error naming the tags in use.
    status [NAME] [--json] [--check] [--timeout S]   this machine and every host, each printed as it answers (--json: one
                 JSON line per host, schema clawkeeper.host-status/1, then a clawkeeper.host-summary/1 line); at most
                 ssh.parallel (8) hosts asked at once; an unreachable host is "unreachable" with the transport's own error
    doctor NAME [--fix] [--dry-run]     the remote's own doctor (dry run by default)
    install-service NAME [--dry-run]    clawkeeper service install there (needs Node and clawkeeper on the host)
    copy NAME [--agent ID] [--profile-id ID] [--keep|--stop] [--dry-run]
                 send this machine's login there as a token copy (access token only, never the refresh
                 token; default profile anthropic:clawkeeper-copy); --keep: the tray app and watch
                 re-send it after each refresh. It goes stale while this machine sleeps: for servers prefer a setup-token
    paste-token --host NAME | --tag T   see paste-token
    Environment: CLAWKEEPER_SSH (the ssh command and options, as GIT_SSH_COMMAND). Host keys are always checked.`,
    run: lazy(
      () => import('./commands/host.ts'),
      (m) => m.runHost,
    ),
  },
  {
    name: 'usage',
    usage: 'usage [--json] [--refresh]',
    summary: `The subscription's usage windows of every Claude login here (session, week, per model), read with
    the login's access token as Claude Code's /usage does: at most once per usage.intervalMinutes per
    login (shared with the tray app and watch), never with a refresh token.
    --json     one JSON object (schema clawkeeper.usage/1), no token values
    --refresh  read now, whatever the interval
    Exit codes: 0 some login's usage is known, 1 none is (no login, or the endpoint did not answer).`,
    run: lazy(
      () => import('./commands/usage.ts'),
      (m) => m.runUsage,
    ),
  },
  {
    name: 'alert',
    usage: 'alert test [CHANNEL] [--json]',
    summary: `Send a test alert through every configured channel (settings alerts.channels), or only CHANNEL
    (its name, or its type when unnamed), and show what each answered. URLs are shown masked.
    Exit 0 when every channel took it, 1 when one did not (or none is configured).`,
    run: lazy(
      () => import('./commands/alert.ts'),
      (m) => m.runAlert,
    ),
  },
];
