/** Service definitions that run `clawkeeper watch` at login and restart it when it fails (pure builders). */

export interface ServiceSpec {
  /** absolute path of node and of bin/clawkeeper.mjs */
  readonly node: string;
  readonly script: string;
  /** environment to carry into the service (state dirs chosen at install time) */
  readonly env: Readonly<Record<string, string>>;
  readonly logFile: string;
}

const KEPT_ENV = [
  'CLAUDE_CONFIG_DIR',
  'CLAUDE_SECURESTORAGE_CONFIG_DIR',
  'OPENCLAW_STATE_DIR',
  'OPENCLAW_CONFIG_PATH',
  'OPENCLAW_AGENT_DIR',
  'CLAWDBOT_STATE_DIR',
  'MOLTBOT_STATE_DIR',
  'CLAWKEEPER_CONFIG',
  'CLAWKEEPER_DATA_DIR',
  'CLAWKEEPER_OPENCLAW_BIN',
  'CLAWKEEPER_TOKEN_URL',
  'PATH',
];

export function serviceEnv(vars: Readonly<Record<string, string | undefined>>): Record<string, string> {
  // Claude Code reads CLAUDE_SECURESTORAGE_CONFIG_DIR set but empty as "~/.claude": kept as set
  const kept = (k: string) => vars[k] || (k === 'CLAUDE_SECURESTORAGE_CONFIG_DIR' && vars[k] !== undefined);
  return Object.fromEntries(KEPT_ENV.filter(kept).map((k) => [k, vars[k]!]));
}

const systemdQuote = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%')}"`;

export function systemdUnit(s: ServiceSpec): string {
  return [
    '[Unit]',
    'Description=Clawkeeper: keeps the Claude credentials behind OpenClaw alive',
    'After=network-online.target',
    '',
    '[Service]',
    `ExecStart=${systemdQuote(s.node)} ${systemdQuote(s.script)} watch`,
    ...Object.entries(s.env).map(([k, v]) => `Environment=${systemdQuote(`${k}=${v}`)}`),
    'Restart=on-failure',
    'RestartSec=15',
    'KillSignal=SIGTERM',
    'TimeoutStopSec=20',
    '',
    '[Install]',
    'WantedBy=default.target',
    '',
  ].join('\n');
}

const xml = (v: string) =>
  v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export const LAUNCH_AGENT_LABEL = 'dev.clawkeeper.watch';

export function launchAgentPlist(s: ServiceSpec): string {
  const env = Object.entries(s.env)
    .map(([k, v]) => `      <key>${xml(k)}</key><string>${xml(v)}</string>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
  <dict>
    <key>Label</key><string>${LAUNCH_AGENT_LABEL}</string>
    <key>ProgramArguments</key>
    <array><string>${xml(s.node)}</string><string>${xml(s.script)}</string><string>watch</string></array>
    <key>EnvironmentVariables</key>
    <dict>
${env}
    </dict>
    <key>RunAtLoad</key><true/>
    <key>KeepAlive</key><dict><key>SuccessfulExit</key><false/></dict>
    <key>ThrottleInterval</key><integer>15</integer>
    <key>StandardOutPath</key><string>${xml(s.logFile)}</string>
    <key>StandardErrorPath</key><string>${xml(s.logFile)}</string>
  </dict>
</plist>
`;
}

/** A Task Scheduler definition (import with `schtasks /Create /XML <file> /TN Clawkeeper`). */
export function windowsTaskXml(s: ServiceSpec): string {
  return `<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo><Description>Clawkeeper: keeps the Claude credentials behind OpenClaw alive</Description></RegistrationInfo>
  <Triggers><LogonTrigger><Enabled>true</Enabled></LogonTrigger></Triggers>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>
    <RestartOnFailure><Interval>PT1M</Interval><Count>999</Count></RestartOnFailure>
  </Settings>
  <Actions Context="Author">
    <Exec><Command>${xml(s.node)}</Command><Arguments>"${xml(s.script)}" watch</Arguments></Exec>
  </Actions>
</Task>
`;
}
