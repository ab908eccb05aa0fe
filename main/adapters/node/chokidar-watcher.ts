import { watch } from 'chokidar';
import type { Watcher } from '../../ports/watcher.ts';

/**
 * chokidar on directories, depth 0, native events (inotify/FSEvents/ReadDirectoryChangesW),
 * no polling. Events are hints only: the keeper debounces them and re-reads the files.
 */
export class ChokidarWatcher implements Watcher {
  async watch(dirs: readonly string[], onChange: (path: string) => void): Promise<() => Promise<void>> {
    const w = watch([...dirs], {
      depth: 0,
      ignoreInitial: true,
      usePolling: false,
      persistent: true,
      // SQLite's -shm changes when anyone merely reads (our own read-only look included)
      ignored: (p: string) => /\.(lock|tmp)$|\.lock\/|\.stale-|-shm$|-journal$/.test(p),
    });
    for (const ev of ['add', 'change', 'unlink', 'addDir', 'unlinkDir'] as const)
      w.on(ev, (p: string) => onChange(p));
    // an entry chokidar cannot stat (a symlink loop: ELOOP) is an 'error' event; unheard, it would
    // end the process. The rest of the folder is still watched, and the readers say what is wrong.
    w.on('error', () => undefined);
    await new Promise<void>((resolve) => w.once('ready', () => resolve()));
    return () => w.close();
  }
}
