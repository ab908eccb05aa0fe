// `npm start` / `electron .` in a checkout: Electron loads index.js when package.json names no
// `main`. package.json names none on purpose: npm always packs the `main` file, and the tray
// bundle does not belong in the CLI's npm package. The packaged app gets `main` from
// electron-builder.yml (extraMetadata).
import './dist/main.cjs';
