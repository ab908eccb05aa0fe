import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { UsageError, type Io } from '../command.ts';
import { createAppContext } from '../../compose/context.ts';
import {
  launchAgentPlist,
  LAUNCH_AGENT_LABEL,
  serviceEnv,
  systemdUnit,
  windowsTaskXml,
  type ServiceSpec,
} from '../service-files.ts';

/** The installed script, bin/clawkeeper.mjs: this code runs from dist/cli-chunks/ (scripts/build.mjs). */
function scriptPath(): string {
  return fileURLToPath(new URL('../../bin/clawkeeper.mjs', import.meta.url));
}

/** `clawkeeper service`: usage and summary live in ../commands.ts. */
export async function runService(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { 'no-start': { type: 'boolean', default: false } },
  });
  const action = positionals[0];
  if (!['install', 'uninstall', 'status'].includes(action ?? ''))
    throw new UsageError('service needs install, uninstall or status');
  const ctx = await createAppContext(io.env);
  const { env, runner } = ctx;
  const spec: ServiceSpec = {
    node: process.execPath,
    script: scriptPath(),
    env: serviceEnv(env.vars),
    logFile: join(ctx.dataDir, 'logs', 'service.log'),
  };
  const plat = env.platform;
  const file =
    plat === 'darwin'
      ? join(env.home, 'Library', 'LaunchAgents', `${LAUNCH_AGENT_LABEL}.plist`)
      : plat === 'win32'
        ? join(ctx.dataDir, 'clawkeeper-task.xml')
        : join(
            env.vars.XDG_CONFIG_HOME || join(env.home, '.config'),
            'systemd',
            'user',
            'clawkeeper.service',
          );
  const sh = async (cmd: string, a: string[]) => {
    const r = await runner.run(cmd, a, { env: env.vars, timeoutMs: 30_000 });
    return { ok: r.code === 0, out: (r.stdout + r.stderr).trim(), missing: r.spawnError !== null };
  };
  const files = ctx.writer.files;
  if (action === 'status') {
    const exists = (await files.stat(file)) !== null;
    io.stdout.write(`${exists ? 'installed' : 'not installed'}: ${file}\n`);
    if (exists && plat === 'linux')
      io.stdout.write(
        `systemd: ${(await sh('systemctl', ['--user', 'is-active', 'clawkeeper.service'])).out || 'unknown'}\n`,
      );
    if (exists && plat === 'darwin')
      io.stdout.write(
        `launchd: ${(await sh('launchctl', ['list', LAUNCH_AGENT_LABEL])).ok ? 'loaded' : 'not loaded'}\n`,
      );
    return exists ? 0 : 1;
  }
  if (action === 'uninstall') {
    if (!values['no-start']) {
      if (plat === 'linux') await sh('systemctl', ['--user', 'disable', '--now', 'clawkeeper.service']);
      if (plat === 'darwin') await sh('launchctl', ['bootout', `gui/${env.uid ?? ''}`, file]);
      if (plat === 'win32') await sh('schtasks', ['/Delete', '/TN', 'Clawkeeper', '/F']);
    }
    await files.remove(file);
    io.stdout.write(`removed ${file}\n`);
    return 0;
  }
  const content =
    plat === 'darwin' ? launchAgentPlist(spec) : plat === 'win32' ? windowsTaskXml(spec) : systemdUnit(spec);
  await files.mkdirp(join(file, '..'), 0o700);
  await files.writeAtomic(file, content, { mode: 0o644 });
  io.stdout.write(`wrote ${file}\n`);
  if (values['no-start']) return 0;
  const steps: Array<[string, string[]]> =
    plat === 'darwin'
      ? [['launchctl', ['bootstrap', `gui/${env.uid ?? ''}`, file]]]
      : plat === 'win32'
        ? [['schtasks', ['/Create', '/XML', file, '/TN', 'Clawkeeper', '/F']]]
        : [
            ['systemctl', ['--user', 'daemon-reload']],
            ['systemctl', ['--user', 'enable', '--now', 'clawkeeper.service']],
          ];
  for (const [cmd, a] of steps) {
    const r = await sh(cmd, a);
    if (!r.ok) {
      io.stderr.write(
        `clawkeeper: \`${cmd} ${a.join(' ')}\` ${r.missing ? 'is not available here' : `failed: ${r.out}`}\nThe file is written; start it by hand with that command.\n`,
      );
      return 1;
    }
  }
  io.stdout.write('started: clawkeeper watch runs now and at every login\n');
  return 0;
}
