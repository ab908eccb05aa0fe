#!/usr/bin/env node
// Stand-in for `docker exec`, `docker compose exec`, `podman exec` and `kubectl exec` (no engine
// runs here). It parses argv as strictly as the real CLIs' docs say, refuses what they refuse with
// their words and exit codes, and runs the command as the container's own local account
// (setpriv), with the container's environment only (never the caller's), stdin attached only with
// -i (compose keeps stdin open by default; -T only drops its TTY). Engine state comes from the
// variables the real CLIs read: DOCKER_HOST, CONTAINER_HOST (podman), KUBECONFIG, each pointing
// into a folder holding state.json.
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const [cli, ...argv] = process.argv.slice(2);
const die = (msg, code) => {
  process.stderr.write(msg.endsWith('\n') ? msg : `${msg}\n`);
  process.exit(code);
};

function stateFrom(uri, missing) {
  const m = /^unix:\/\/(.*)$/.exec(uri ?? '');
  const file = m ? join(dirname(m[1]), 'state.json') : null;
  if (!file || !existsSync(file)) missing();
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** pflag-style parsing: short clusters (-it, -u=x, -ux), long (--user x, --user=x); stops at the first positional when not interspersed. */
function parseFlags(args, spec, { interspersed, unknown }) {
  const flags = {};
  const rest = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      rest.push(...args.slice(i));
      return { flags, rest };
    }
    if (a.startsWith('--') && a.length > 2) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
      const s = spec.long[name];
      if (!s) unknown(`unknown flag: --${name}`);
      if (s.value) {
        const v = inline ?? args[++i];
        if (v === undefined) unknown(`flag needs an argument: --${name}`);
        (flags[s.key] ??= []).push(v);
      } else flags[s.key] = [true];
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        const s = spec.short[c];
        if (!s) unknown(`unknown shorthand flag: '${c}' in ${a}`);
        if (s.value) {
          let v = a.slice(j + 1).replace(/^=/, '');
          if (v === '') v = args[++i];
          if (v === undefined) unknown(`flag needs an argument: '${c}' in -${c}`);
          (flags[s.key] ??= []).push(v);
          break;
        }
        flags[s.key] = [true];
      }
      continue;
    }
    if (!interspersed) {
      rest.push(...args.slice(i));
      return { flags, rest };
    }
    rest.push(a);
  }
  return { flags, rest };
}

const EXEC_SPEC = {
  short: {
    i: { key: 'i' },
    t: { key: 't' },
    d: { key: 'd' },
    u: { key: 'u', value: true },
    w: { key: 'w', value: true },
    e: { key: 'e', value: true },
  },
  long: {
    interactive: { key: 'i' },
    tty: { key: 't' },
    detach: { key: 'd' },
    privileged: { key: 'privileged' },
    user: { key: 'u', value: true },
    workdir: { key: 'w', value: true },
    env: { key: 'e', value: true },
  },
};

/** Runs `cmd` inside "container" c as its account; resolves with its exit code. */
function runIn(c, cmd, { stdin, user, workdir, env, notFound }) {
  const vars = { ...c.env };
  for (const kv of env ?? []) {
    const k = kv.split('=')[0];
    vars[k] = kv.includes('=') ? kv.slice(k.length + 1) : (process.env[k] ?? '');
  }
  const account = user ?? c.user;
  const found = cmd[0].includes('/')
    ? cmd[0]
    : (vars.PATH ?? '')
        .split(':')
        .map((d) => join(d, cmd[0]))
        .find((p) => {
          try {
            accessSync(p, constants.X_OK);
            return true;
          } catch {
            return false;
          }
        });
  if (!found || !existsSync(found)) notFound(cmd[0]);
  if (!process.stdin.isTTY && stdin === 'tty') die('the input device is not a TTY', 1);
  const child = spawn(
    'setpriv',
    [
      `--reuid=${account}`,
      `--regid=${account}`,
      '--clear-groups',
      '--',
      'env',
      '-i',
      ...Object.entries(vars).map(([k, v]) => `${k}=${v}`),
      found,
      ...cmd.slice(1),
    ],
    {
      stdio: [stdin === 'attach' ? 'inherit' : 'ignore', 'inherit', 'inherit'],
      cwd: workdir ?? c.workdir ?? '/',
    },
  );
  return new Promise((res) => child.on('close', (code, sig) => res(code ?? (sig ? 137 : 1))));
}

async function dockerExec(state, args, engine) {
  const prefix = engine === 'podman' ? 'Error: ' : '';
  const unknown = (m) => die(`${prefix}${m}\nSee '${engine} exec --help'.`, 125);
  const { flags, rest } = parseFlags(args, EXEC_SPEC, { interspersed: false, unknown });
  if (rest.length < 2)
    die(
      engine === 'podman'
        ? 'Error: must provide a non-empty command to start an exec session'
        : `"docker exec" requires at least 2 arguments.\nSee 'docker exec --help'.\n\nUsage:  docker exec [OPTIONS] CONTAINER COMMAND [ARG...]\n\nExecute a command in a running container`,
      engine === 'podman' ? 125 : 1,
    );
  const [name, ...cmd] = rest;
  const c = state.containers?.[name];
  if (!c)
    die(
      engine === 'podman'
        ? `Error: no container with name or ID "${name}" found: no such container`
        : `Error response from daemon: No such container: ${name}`,
      engine === 'podman' ? 125 : 1,
    );
  if (!c.running)
    die(
      engine === 'podman'
        ? 'Error: can only create exec sessions on running containers: container state improper'
        : `Error response from daemon: container ${c.id ?? name} is not running`,
      engine === 'podman' ? 125 : 1,
    );
  const stdin = flags.t ? 'tty' : flags.i ? 'attach' : 'none';
  return runIn(c, cmd, {
    stdin,
    user: flags.u?.at(-1),
    workdir: flags.w?.at(-1),
    env: flags.e,
    notFound: (x) =>
      die(
        `${engine === 'podman' ? 'Error: crun: ' : 'OCI runtime exec failed: exec failed: unable to start container process: '}exec: "${x}": executable file not found in $PATH: unknown`,
        127,
      ),
  });
}

async function compose(state, args) {
  const unknown = (m) => die(`${m}`, 1);
  const global = parseFlags(
    args,
    {
      short: { f: { key: 'f', value: true }, p: { key: 'p', value: true } },
      long: {
        'project-directory': { key: 'dir', value: true },
        file: { key: 'f', value: true },
        'project-name': { key: 'p', value: true },
      },
    },
    { interspersed: false, unknown },
  );
  const [sub, ...subArgs] = global.rest;
  if (sub !== 'exec') die(`unknown docker command: "compose ${sub ?? ''}"`, 1);
  let dir = resolve(global.flags.dir?.at(-1) ?? process.cwd());
  // compose looks for its file in the project folder, then in its parents
  let file = null;
  for (let d = dir; !file; d = dirname(d)) {
    file =
      ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml']
        .map((n) => join(d, n))
        .find((p) => existsSync(p)) ?? null;
    if (!file && dirname(d) === d) break;
  }
  if (!file && !global.flags.f) die('no configuration file provided: not found', 1);
  dir = global.flags.dir ? dir : dirname(file);
  const { flags, rest } = parseFlags(
    subArgs,
    {
      short: { ...EXEC_SPEC.short, T: { key: 'T' } },
      long: { ...EXEC_SPEC.long, 'no-TTY': { key: 'T' }, index: { key: 'index', value: true } },
    },
    { interspersed: false, unknown },
  );
  if (rest.length < 2) die('"docker compose exec" requires at least 2 arguments.', 1);
  const [service, ...cmd] = rest;
  const project = state.compose?.[dir];
  if (!project || !(service in project.services)) die(`no such service: ${service}`, 1);
  const c = state.containers?.[project.services[service]];
  if (!c?.running) die(`service "${service}" is not running`, 1);
  // compose keeps stdin attached (--interactive defaults to true); without -T it wants a terminal
  return runIn(c, cmd, {
    stdin: flags.T ? 'attach' : 'tty',
    user: flags.u?.at(-1),
    workdir: flags.w?.at(-1),
    env: flags.e,
    notFound: (x) =>
      die(
        `OCI runtime exec failed: exec failed: unable to start container process: exec: "${x}": executable file not found in $PATH: unknown`,
        127,
      ),
  });
}

async function kubectl(args) {
  const cfg = process.env.KUBECONFIG;
  if (!cfg)
    die(
      'The connection to the server localhost:8080 was refused - did you specify the right host or port?',
      1,
    );
  if (!existsSync(cfg))
    die(`error: error loading config file "${cfg}": open ${cfg}: no such file or directory`, 1);
  const state = JSON.parse(readFileSync(join(dirname(cfg), 'state.json'), 'utf8'));
  const [sub, ...rest0] = args;
  if (sub !== 'exec') die(`error: unknown command "${sub}" for "kubectl"`, 1);
  const unknown = (m) => die(`error: ${m}\nSee 'kubectl exec --help' for usage.`, 1);
  const { flags, rest } = parseFlags(
    rest0,
    {
      short: {
        i: { key: 'i' },
        t: { key: 't' },
        q: { key: 'q' },
        n: { key: 'n', value: true },
        c: { key: 'c', value: true },
      },
      long: {
        stdin: { key: 'i' },
        tty: { key: 't' },
        quiet: { key: 'q' },
        namespace: { key: 'n', value: true },
        container: { key: 'c', value: true },
      },
    },
    { interspersed: true, unknown },
  );
  const dash = rest.indexOf('--');
  if (dash < 0)
    die(
      rest.length > 1
        ? 'error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead'
        : 'error: you must specify at least one command for the container',
      1,
    );
  const before = rest.slice(0, dash);
  const cmd = rest.slice(dash + 1);
  if (before.length !== 1)
    die(
      "error: expected 'exec (POD | TYPE/NAME) -- COMMAND [args...]'.\nPOD or TYPE/NAME is a required argument for the exec command",
      1,
    );
  if (cmd.length === 0) die('error: you must specify at least one command for the container', 1);
  const ns = flags.n?.at(-1) ?? 'default';
  const pod = state.pods?.[`${ns}/${before[0]}`];
  if (!pod) die(`Error from server (NotFound): pods "${before[0]}" not found`, 1);
  const cname = flags.c?.at(-1) ?? pod.default;
  const c = state.containers?.[pod.containers[cname]];
  if (!c) die(`error: unable to upgrade connection: container not found ("${cname}")`, 1);
  if (flags.t && !process.stdin.isTTY && !flags.i)
    process.stderr.write('Unable to use a TTY - input is not a terminal or the right kind of file\n');
  const code = await runIn(c, cmd, {
    stdin: flags.i ? 'attach' : 'none',
    notFound: (x) =>
      die(
        `error: Internal error occurred: error executing command in container: failed to exec in container: starting container process caused: exec: "${x}": executable file not found in $PATH: unknown`,
        1,
      ),
  });
  if (code !== 0) process.stderr.write(`command terminated with exit code ${code}\n`);
  return code;
}

let code;
if (cli === 'docker') {
  const state = stateFrom(process.env.DOCKER_HOST, () =>
    die(
      `Cannot connect to the Docker daemon at ${process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock'}. Is the docker daemon running?`,
      1,
    ),
  );
  if (argv[0] === 'exec') code = await dockerExec(state, argv.slice(1), 'docker');
  else if (argv[0] === 'compose') code = await compose(state, argv.slice(1));
  else die(`docker: unknown command: docker ${argv[0] ?? ''}\n\nRun 'docker --help' for more information`, 1);
} else if (cli === 'podman') {
  const state = stateFrom(process.env.CONTAINER_HOST, () =>
    die(
      'Error: unable to connect to Podman socket: failed to connect: dial unix /run/podman/podman.sock: connect: no such file or directory',
      125,
    ),
  );
  if (argv[0] !== 'exec') die(`Error: unrecognized command \`podman ${argv[0] ?? ''}\``, 125);
  code = await dockerExec(state, argv.slice(1), 'podman');
} else if (cli === 'kubectl') code = await kubectl(argv);
else die(`container-cli: unknown CLI ${cli}`, 2);
process.exit(code);
