// `npm start`: the desktop app. Where the Electron binary cannot be had, say so in one line.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    return require('electron');
  } catch {
    return null;
  }
}

let binary = electronBinary();
if (!binary) {
  // npm does not run Electron's download script by default; try it once, quietly.
  const result = spawnSync(process.execPath, [require.resolve('electron/install.js')], {
    stdio: 'ignore',
    timeout: 120_000,
  });
  binary = result.status === 0 ? electronBinary() : null;
}
if (!binary) {
  console.error(
    'Balcão: o Electron não está disponível nesta máquina (download bloqueado); use "npm run web" e abra http://127.0.0.1:5174 no navegador.',
  );
  process.exit(1);
}
spawn(binary, ['.'], { stdio: 'inherit' }).on('exit', (code) => process.exit(code ?? 0));
