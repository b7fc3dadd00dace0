// Makes sure the tools the tests use are installed, from Debian's packages (downloads from
// other sites are blocked on our machines):
// - Chromium, for the browser tests and benchmarks (Playwright's own browser download is blocked);
// - python3-onnx (onnx 1.12), whose checker must accept every exported ONNX model.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CHROMIUM_PATH } from './chromium.mjs';

const PYTHON = '/usr/bin/python3';

function hasOnnx() {
  try {
    execSync(`${PYTHON} -c "import onnx"`, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const needs = process.argv.includes('--chromium-only') ? ['chromium'] : ['chromium', 'onnx'];
const missing = [];
if (needs.includes('chromium') && !existsSync(CHROMIUM_PATH)) missing.push('chromium');
if (needs.includes('onnx') && !hasOnnx()) missing.push('python3-onnx');

if (missing.length > 0) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (isRoot && hasApt) {
    console.log(`Installing Debian's ${missing.join(' and ')} for the tests (about 30 s)…`);
    execSync(
      `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.join(' ')}`,
      { stdio: 'inherit' },
    );
  } else {
    console.error(
      [
        `The tests need ${missing.join(' and ')}, which ${missing.length > 1 ? 'are' : 'is'} not installed.`,
        hasApt
          ? `Install with:  sudo apt-get install -y ${missing.join(' ')}`
          : 'Install them with your package manager (python3 with the onnx module at /usr/bin/python3).',
        'Or set CHROMIUM_PATH=/path/to/chromium if Chromium lives elsewhere.',
      ].join('\n'),
    );
    process.exit(1);
  }
}

const version = execSync(`"${CHROMIUM_PATH}" --version 2>/dev/null`, { encoding: 'utf8' }).trim();
console.log(`Using ${version} (${CHROMIUM_PATH})`);
if (needs.includes('onnx')) {
  const onnx = execSync(`${PYTHON} -c "import onnx; print(onnx.__version__)"`, {
    encoding: 'utf8',
  }).trim();
  console.log(`Using onnx ${onnx} (${PYTHON})`);
}
