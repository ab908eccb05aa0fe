/** The release feed the tray app updates from (electron-updater in the app, a fake in tests). */
export interface UpdateFeed {
  /** asks the feed; the newer version offered, or null when this one is current */
  check(): Promise<{ readonly version: string } | null>;
  /** downloads the version the last `check()` found */
  download(): Promise<void>;
  /** quits the app and installs the downloaded version */
  install(): void;
}
