/** The fix view a notification opens: what is wrong and the exact command to copy. */
import type { Navigate } from '../../main/ipc/contract.ts';
import { byId, fill, h } from '../dom.ts';
import { credentialById } from '../state.ts';
import { copyButton, stateBadge } from './credentials.ts';

/** Shows the fix for a credential; the command comes from main (the report's hint). */
export function showFix(nav: Navigate, openPaste: () => void): void {
  const c = nav.credential !== undefined ? credentialById(nav.credential) : null;
  const command = nav.command ?? c?.hint ?? null;
  const isSetupToken = c !== null && (c.owner === 'static' || c.kind === 'token');
  fill(byId('fix-title'), nav.credential ?? 'Fix', c !== null && ' ', c !== null && stateBadge(c));
  fill(byId('fix-reason'), nav.reason ?? c?.reason ?? '');
  fill(
    byId('fix-body'),
    command !== null &&
      h(
        'div',
        { class: 'command' },
        h(
          'p',
          {},
          isSetupToken ? 'On a machine with a browser, run:' : 'Run this in a terminal, then come back:',
        ),
        h('code', { id: 'fix-command' }, command),
        copyButton(command, 'Copy command'),
      ),
    isSetupToken &&
      h(
        'p',
        {},
        'Then paste the new setup-token here: ',
        h(
          'button',
          { type: 'button', class: 'primary', id: 'fix-paste', onclick: openPaste },
          'Paste setup-token…',
        ),
      ),
    command === null && !isSetupToken && h('p', {}, 'Nothing to do right now.'),
  );
}
