// Makes sure the system Chromium used by the browser tests and benchmarks is installed.
// Playwright's own browser download is blocked on our machines, so we use Debian's package.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CHROMIUM_PATH } from './chromium.mjs';

const path = CHROMIUM_PATH;

if (!existsSync(path)) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (isRoot && hasApt) {
    console.log(
      `Chromium not found at ${path}: installing Debian's chromium package (about 30 s)…`,
    );
    execSync(
      'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium',
      {
        stdio: 'inherit',
      },
    );
  } else {
    console.error(
      [
        `The browser tests need Chromium at ${path}, and it is not installed.`,
        hasApt
          ? 'Install it with:  sudo apt-get install -y chromium'
          : 'Install Chromium with your package manager, then point CHROMIUM_PATH at its binary.',
        'Or set CHROMIUM_PATH=/path/to/chromium if it lives elsewhere.',
      ].join('\n'),
    );
    process.exit(1);
  }
}

const version = execSync(`"${path}" --version 2>/dev/null`, { encoding: 'utf8' }).trim();
console.log(`Using ${version} (${path})`);
